"""Room fan-out of the live exchanges: `hub` (process-local sockets of a room), `transports`
(one subscription per process and room); the frames themselves are `usine.sockets`'."""
