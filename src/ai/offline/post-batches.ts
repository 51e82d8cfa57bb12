/**
 * Messages to one thread, posted as one array per turn of the event loop: everything sent while
 * the loop serves its ready sockets goes in a single `postMessage` when it is done (`setImmediate`).
 * Each `postMessage` has a fixed cost (a serializer, the port's queue, waking the other thread)
 * that under a closed loop of 1,000 customers was 6 % of the main thread's time with one message
 * per classification (bench/README.md, Throughput). A lone message waits for nothing but the
 * rest of the current loop turn.
 */
export function createPostBatches<T>(post: (batch: T[]) => void): (message: T) => void {
  let batch: T[] = [];
  const flush = () => {
    const sending = batch;
    batch = [];
    post(sending);
  };
  return (message) => {
    if (batch.length === 0) setImmediate(flush);
    batch.push(message);
  };
}
