// Plain JavaScript, so that the benchmark (run by node, without TypeScript) shares it with the tests.

/** Runs the tasks with at most `limit` in flight, keeping each result in order. */
async function inParallel(tasks, limit) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

module.exports = { inParallel };
