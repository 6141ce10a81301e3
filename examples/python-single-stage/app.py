"""A small Flask service that counts visits in PostgreSQL."""
import os

import psycopg2
from flask import Flask, jsonify

app = Flask(__name__)


def connect():
    return psycopg2.connect(os.environ.get("DATABASE_URL", "postgresql://postgres@db/visits"))


@app.get("/")
def visit():
    with connect() as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS visits (id serial PRIMARY KEY, at timestamptz DEFAULT now())")
        cur.execute("INSERT INTO visits DEFAULT VALUES")
        cur.execute("SELECT count(*) FROM visits")
        (count,) = cur.fetchone()
    return jsonify(visits=count)


@app.get("/healthz")
def healthz():
    return "", 204
