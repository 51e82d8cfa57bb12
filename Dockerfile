# syntax=docker/dockerfile:1
# Multi-stage build: dependencies (with the generated Prisma client) in one stage, a slim
# non-root runtime in the other. Node 24 runs the TypeScript sources directly.
FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
COPY scripts/postinstall.mjs ./scripts/postinstall.mjs
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=file:/data/pglite \
    LOG_FORMAT=json
WORKDIR /app
RUN mkdir -p /data && chown node:node /data
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
COPY --chown=node:node . .
COPY --from=deps --chown=node:node /app/src/storage/generated ./src/storage/generated
# The migrated embedded-database template (postinstall in the deps stage has no sources to
# build it from): first starts on a new volume then skip PGlite's initdb.
RUN node --disable-warning=ExperimentalWarning scripts/build-pglite-template.ts
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# exec form: the server is PID 1's only child and receives SIGTERM itself.
CMD ["node", "--disable-warning=ExperimentalWarning", "src/main.ts"]
