// Next.js makes `import "server-only"` fail in client bundles; in tests every module is server-side.
export {};
