import { piecesOf } from '@pledge/platform';

/** The batch transport publishes a batch's output in pieces the broker accepts (message.max.bytes) and kafkajs groups cheaply. */
describe('piecesOf (output of one batch cut into produce requests)', () => {
  const msg = (n: number, bytes = 10) => ({ key: `k${n}`, value: 'v'.repeat(bytes) });

  it('keeps every message, in order and on its topic, with at most maxMessages per piece', () => {
    const recorded = Array.from({ length: 7 }, (_, i) => msg(i));
    const dlq = Array.from({ length: 3 }, (_, i) => msg(100 + i));
    const pieces = piecesOf(
      [
        { topic: 'recorded', messages: recorded },
        { topic: 'dlq', messages: dlq },
      ],
      1_000_000,
      4,
    );
    expect(pieces.map((p) => p.map((t) => `${t.topic}:${t.messages.length}`))).toEqual([['recorded:4'], ['recorded:3', 'dlq:1'], ['dlq:2']]);
    expect(pieces.flatMap((p) => p.flatMap((t) => t.messages.map((m) => m.key)))).toEqual([...recorded, ...dlq].map((m) => m.key));
  });

  it('cuts by bytes; a message larger than the limit goes alone', () => {
    const pieces = piecesOf([{ topic: 't', messages: [msg(1, 300), msg(2, 300), msg(3, 5000), msg(4, 10)] }], 1000, 100);
    expect(pieces.map((p) => p[0].messages.map((m) => m.key))).toEqual([['k1', 'k2'], ['k3'], ['k4']]);
  });

  it('sends nothing for an empty output', () => {
    expect(piecesOf([{ topic: 't', messages: [] }], 1000, 10)).toEqual([]);
  });
});
