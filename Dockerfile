# One image for the five services (and standalone mode); docker-compose.yml picks the entry point.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY tools ./tools
COPY apps ./apps
COPY libs ./libs
# postinstall: prisma generate and the console build (tools/console/build.mjs)
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx prisma generate
ENV NODE_ENV=production HOST=0.0.0.0 KAFKAJS_NO_PARTITIONER_WARNING=1
CMD ["node", "-r", "./tools/register.cjs", "apps/standalone/src/main.ts"]
