-- Service views read rollups, and trace search is always bounded in time, where the BRIN index on
-- start_time narrows the scan; the (service, start_time) btree cost every insert ~40 bytes and
-- its maintenance, for reads that no longer need it.
DROP INDEX "span_service_start_time_idx";
