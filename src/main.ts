import module from "node:module";

// V8 keeps the compiled app (type-stripped TypeScript included) in the system's temporary
// directory: later starts skip compiling it. Where that is not writable, starts compile as before.
// Enabled before anything else loads, so it covers every module of the app.
module.enableCompileCache();
// Worker threads (the embedded database, the offline classifiers) do not share this thread's
// cache setting; they read it from the environment. With a cache hit, no thread loads Node's
// TypeScript stripper (a WebAssembly module, ~6 MB of memory and its code in each thread).
const compileCacheDir = module.getCompileCacheDir();
if (compileCacheDir !== undefined) process.env.NODE_COMPILE_CACHE ??= compileCacheDir;
await import("./start-server.ts");
