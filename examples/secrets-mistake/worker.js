// Reads settings from .env and sends one invoice per minute to the billing API.
const fs = require('node:fs');
const { formatInvoice } = require('@acme/invoice-format');
const { BillingClient } = require('acme-billing-client');

// A home-made .env loader: this is why the Dockerfile copies .env into the image.
// Values already in the environment win, so `docker run -e API_KEY=…` also works.
if (fs.existsSync('.env')) {
  for (const line of fs.readFileSync('.env', 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match && !(match[1] in process.env)) process.env[match[1]] = match[2];
  }
}

const client = new BillingClient({ apiKey: process.env.API_KEY });

setInterval(async () => {
  const invoice = formatInvoice({ customer: 'demo', amountCents: 1200 });
  await client.send(invoice);
  console.log('sent', invoice.id);
}, 60_000);
