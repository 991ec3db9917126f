-- A relayed job's BullMQ id must be unique in Redis, not only in this database: another
-- installation sharing the Redis (or this one after its database was recreated) numbers its
-- batches and rounds from 1 again, and BullMQ silently ignores a job whose id it already holds.
-- Each outbox row gets a random key; the relay appends it to the job id.
alter table outbox add column relay_key uuid not null default gen_random_uuid();
