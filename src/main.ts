import module from "node:module";
import os from "node:os";
import path from "node:path";

// V8 keeps the compiled app (type-stripped TypeScript included) in the system's temporary
// directory: later starts skip compiling it. Where that is not writable, starts compile as before.
// Enabled before anything else loads, so it covers every module of the app. Worker threads (the
// embedded database, the offline classifiers) do not share this thread's setting; they read
// NODE_COMPILE_CACHE from the environment. With a cache hit, no thread loads Node's TypeScript
// stripper (a WebAssembly module: 10-15 MB of memory in each thread that loads it). `npm start`
// sets the variable before Node starts, so that this file itself is read from the cache too.
const compileCache = process.env["NODE_COMPILE_CACHE"] ?? path.join(os.tmpdir(), "node-compile-cache");
module.enableCompileCache(compileCache);
process.env["NODE_COMPILE_CACHE"] = compileCache;
await import("./start-server.ts");
