import module from "node:module";

// V8 keeps the compiled app (type-stripped TypeScript included) in the system's temporary
// directory: later starts skip compiling it. Where that is not writable, starts compile as before.
// Enabled before anything else loads, so it covers every module of the app.
module.enableCompileCache();
await import("./start-server.ts");
