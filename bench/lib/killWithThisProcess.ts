// Processes a benchmark, drill or test started (server nodes, private redis-servers) are killed
// when the process that started them exits, however it exits — an uncaught exception included —
// so none is left running behind it (a drill that crashed once left 3 nodes and a 6-node cluster).

const cleanups = new Set<() => void>();
let installed = false;

/** Runs `cleanup` (synchronous: nothing else runs at exit) when this process exits; the returned function cancels it. */
export function atThisProcessExit(cleanup: () => void): () => void {
  if (!installed) {
    installed = true;
    process.on('exit', () => {
      for (const each of cleanups) {
        try {
          each();
        } catch {
          // Already gone.
        }
      }
    });
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** SIGKILLs a child process when this process exits; the returned function forgets it (it exited, or was stopped). */
export function killWithThisProcess(pid: number | undefined): () => void {
  if (pid === undefined) return () => {};
  return atThisProcessExit(() => process.kill(pid, 'SIGKILL'));
}
