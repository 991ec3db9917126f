# One image for every Skywater process: `server`, `workers` (scale these), or `all`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY workers/package.json workers/
COPY server/package.json server/
COPY web/package.json web/
# Dev dependencies too: the processes run TypeScript through tsx, and the web app is built here.
RUN npm ci --include=dev --no-audit --no-fund
COPY . .
RUN npm run build -w web
USER node
EXPOSE 8080
ENTRYPOINT ["node", "--import", "tsx", "server/src/main.ts"]
CMD ["server"]
