import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ['default', './test/summaryReporter.ts'],
    // Starts the private Redis Cluster (3 masters + 3 replicas) of the 'redis-cluster' backend.
    globalSetup: ['./test/redisClusterSetup.ts'],
  },
});
