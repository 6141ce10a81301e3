// Answers GET /greet?name=… with a JSON greeting; stops cleanly on SIGTERM from `docker stop`.
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3000);

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/greet') {
    const name = url.searchParams.get('name') ?? 'world';
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ greeting: `Hello, ${name}!` }));
    return;
  }
  res.writeHead(404).end();
});

server.listen(port, () => console.log(`greeting-service listening on :${port}`));

// Exec-form CMD makes node PID 1, so this handler actually receives the signal.
process.on('SIGTERM', () => server.close(() => process.exit(0)));
