// A tiny in-memory to-do list API.
const express = require('express');

const app = express();
app.use(express.json());

const todos = [];

app.get('/todos', (_req, res) => res.json(todos));

app.post('/todos', (req, res) => {
  const title = String(req.body?.title ?? '').trim();
  if (!title) return res.status(400).json({ error: 'title is required' });
  const todo = { id: todos.length + 1, title, done: false };
  todos.push(todo);
  res.status(201).json(todo);
});

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(`todo-api listening on :${port}`));
