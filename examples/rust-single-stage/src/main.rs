//! A minimal HTTP responder on std only: every request gets the server's uptime.
use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Instant;

fn main() -> std::io::Result<()> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "8080".to_string());
    let listener = TcpListener::bind(format!("0.0.0.0:{port}"))?;
    let started = Instant::now();
    println!("listening on :{port}");

    for stream in listener.incoming() {
        let mut stream = match stream {
            Ok(s) => s,
            Err(e) => {
                eprintln!("accept failed: {e}");
                continue;
            }
        };
        let mut request = [0u8; 1024];
        let _ = stream.read(&mut request);
        let body = format!("up for {} s\n", started.elapsed().as_secs());
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
            body.len(),
            body
        );
        let _ = stream.write_all(response.as_bytes());
    }
    Ok(())
}
