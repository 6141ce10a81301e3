// Stage graph webview (placeholder until the graph lands): renders what the extension posts.
interface GraphMessage {
  type: 'graph';
  title: string;
}

const root = document.getElementById('root');

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const data = event.data as Partial<GraphMessage> | null;
  // Messages are validated: anything that is not a well-formed graph message is ignored.
  if (!root || !data || data.type !== 'graph' || typeof data.title !== 'string') return;
  root.textContent = data.title;
});
