// A real CloudEvents client: the CloudEvents JavaScript SDK's own HTTP emitter, in structured and binary mode.
// Prints one JSON line per event sent: {"id": ..., "body": <the runtime's answer>}.
"use strict";
const { CloudEvent, emitterFor, httpTransport, Mode } = require("cloudevents");

const url = process.env.EQ_URL;
const headers = { Authorization: "Bearer " + process.env.EQ_TOKEN };
const structured = emitterFor(httpTransport(url), { mode: Mode.STRUCTURED });
const binary = emitterFor(httpTransport(url), { mode: Mode.BINARY });

const events = [
  [structured, new CloudEvent({ id: "js-structured-1", type: "com.example.order.created", source: "/shop/js",
    subject: "order-42", partitionkey: "customer-7", data: { order: 42 } })],
  [binary, new CloudEvent({ id: "js-binary-1", type: "com.example.order.created", source: "/shop/js",
    subject: "order-7", partitionkey: "customer-8", data: { order: 7 } })],
  [binary, new CloudEvent({ id: "js-binary-invalid", type: "com.example.order.created", source: "/shop/js",
    data: { order: "seven" } })],
  [structured, new CloudEvent({ id: "js-text-1", type: "com.example.note", source: "/notes",
    datacontenttype: "text/plain", data: "héllo" })],
  [binary, new CloudEvent({ id: "js-blob-1", type: "com.example.blob", source: "/blobs",
    datacontenttype: "application/octet-stream", data: Buffer.from([0, 1, 2, 255]) })],
];

(async () => {
  for (const [emit, event] of events) {
    const response = await emit(event, { headers });
    process.stdout.write(JSON.stringify({ id: event.id, body: JSON.parse(response.body) }) + "\n");
  }
})().catch((e) => {
  process.stderr.write(String(e && e.stack || e) + "\n");
  process.exit(1);
});
