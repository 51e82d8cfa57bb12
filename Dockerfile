# syntax=docker/dockerfile:1
# Multi-stage build: dependencies (with the generated Prisma client) in one stage, a slim
# non-root runtime in the other. Node 24 runs the TypeScript sources directly.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY scripts/postinstall.mjs ./scripts/postinstall.mjs
# --ignore-scripts: the `node` package's install script would fetch a second Node (this image has
# one). The Prisma client is generated explicitly instead, then the tools only a developer needs
# leave the production list: the Prisma CLI (with its Studio and dev server) and the `node`
# package. The generated client, @prisma/client's runtime and @prisma/schema-engine-wasm (which
# applies migrations at start) stay.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && node scripts/postinstall.mjs \
 && npm pkg delete dependencies.prisma dependencies.node \
 && npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && test ! -e node_modules/prisma && test ! -e node_modules/node \
 && test -d node_modules/@prisma/schema-engine-wasm && test -d src/storage/generated \
 && npm cache clean --force

FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=file:/data/pglite \
    LOG_FORMAT=json
WORKDIR /app
RUN mkdir -p /data && chown node:node /data
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
# The build context is the sources the server runs (.dockerignore keeps out tests, benchmarks,
# documents, secrets and data).
COPY --chown=node:node . .
COPY --from=deps --chown=node:node /app/src/storage/generated ./src/storage/generated
# The migrated embedded-database template (postinstall in the deps stage has no sources to
# build it from): first starts on a new volume then skip PGlite's initdb.
RUN node --disable-warning=ExperimentalWarning scripts/build-pglite-template.ts
USER node
# glibc returns freed blocks of 1 MB and more to the system at once, instead of keeping them in
# a thread's arena (the sentence encoder's 27 MB weights file, freed after loading, stayed
# resident): see "Memory" in bench/README.md.
ENV MALLOC_MMAP_THRESHOLD_=1048576
# Node's compile cache from the first instruction on, so that src/main.ts itself is read from it
# and no thread of a restarted container loads Node's TypeScript stripper (~6-10 MB each).
ENV NODE_COMPILE_CACHE=/tmp/node-compile-cache
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# exec form: the server is PID 1's only child and receives SIGTERM itself. --liftoff-only: see
# "Memory" in bench/README.md; --no-parallel-scavenge: "Throughput" there (the same flags as
# `npm start`, README "Memory flags").
CMD ["node", "--disable-warning=ExperimentalWarning", "--liftoff-only", "--max-semi-space-size=2", "--heap-growing-percent=50", "--no-parallel-scavenge", "src/main.ts"]
