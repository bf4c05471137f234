#!/usr/bin/env python3
"""FanRewards scale arithmetic for docs/SCALE.md. Stdlib only; every input is a constant below.

Run: python3 docs/scale.py
"""
import math

# --- Azure scalability targets (Standard general-purpose v2 account) ---------------------------------------------
TABLE_PARTITION_ENTITIES_PER_S = 2_000   # per partition (PartitionKey)
ACCOUNT_TRANSACTIONS_PER_S = 20_000      # per storage account, 1 KiB entities
QUEUE_MESSAGES_PER_S = 2_000             # per queue
FLEX_MAX_INSTANCES = 1_000               # Flex Consumption per-app ceiling (default maximumInstanceCount 100)

# --- FanRewards storage layout -----------------------------------------------------------------------------------
BUCKETS = 16                              # entry partitions per campaign (Campaign.DefaultEntryBuckets)
WRITES_PER_ACCEPTED_ENTRY = 1             # like = 1 insert, riddle answer = 1 write (EntryConcurrencyTests)
EXTRA_TRANSACTIONS_PER_ENTRY = 0.20       # refused duplicates (409), ETag retries, host queue polling, draws, audit
HEADROOM = 0.70                           # plan to use at most 70 % of a published target
SKEW = 1.25                               # hottest bucket vs mean (hash of 10 M ids is near-uniform; bursts are not)

# --- Measured here (bench/README.md) -----------------------------------------------------------------------------
DEVHOST_LIKES_PER_S = 3_480               # accepted likes/s over HTTP, 2 shared cores (driver + DevHost + Azurite)
DEVHOST_CORES = 2
PRODUCTION_DERATE = 0.6                   # real TLS to storage, token checks, telemetry: assume 60 % of the lab figure
FLEX_VCPU_PER_INSTANCE = 1                # 2,048 MB instance
RANK_NS_PER_ENTRY = 1_385                 # BenchmarkDotNet DrawRankingRank, one core
DIGEST_NS_PER_ENTRY = 333                 # BenchmarkDotNet EntrySetDigest100k
DRAW_OVER_SCAN = 1.07                     # measured draw time / raw parallel scan at 1,000,000 entries (bench/README.md)
ENTRY_SET_ROWS_PER_WRITE = 2_000          # published entry set: one write per 2,000 entries

# --- The question ------------------------------------------------------------------------------------------------
ENTRANTS = 10_000_000
PEAK_ENTRIES_PER_S = 10_000
ENTRIES_PER_ENTRANT_IN_DRAW = 1           # one eligible entry per entrant per drawn activity


def row(label, value, unit=""):
    print(f"| {label} | {value} | {unit} |")


def fmt(x, digits=0):
    return f"{x:,.{digits}f}"


per_instance = DEVHOST_LIKES_PER_S / DEVHOST_CORES * FLEX_VCPU_PER_INSTANCE * PRODUCTION_DERATE
tx_per_entry = WRITES_PER_ACCEPTED_ENTRY * (1 + EXTRA_TRANSACTIONS_PER_ENTRY)
account_entries = ACCOUNT_TRANSACTIONS_PER_S * HEADROOM / tx_per_entry
partition_entries = TABLE_PARTITION_ENTITIES_PER_S * HEADROOM / SKEW / tx_per_entry
campaign_partition_ceiling = partition_entries * BUCKETS

peak_tx = PEAK_ENTRIES_PER_S * tx_per_entry
accounts = math.ceil(peak_tx / (ACCOUNT_TRANSACTIONS_PER_S * HEADROOM))
buckets_needed = math.ceil(PEAK_ENTRIES_PER_S / partition_entries)
buckets = max(BUCKETS, 2 ** math.ceil(math.log2(buckets_needed)))
per_bucket = PEAK_ENTRIES_PER_S / buckets
instances = math.ceil(PEAK_ENTRIES_PER_S / (per_instance * HEADROOM))

draw_entries = ENTRANTS * ENTRIES_PER_ENTRANT_IN_DRAW


def draw_seconds(bucket_count):
    scan = draw_entries / (bucket_count * TABLE_PARTITION_ENTITIES_PER_S)  # partitions scanned in parallel
    return scan, scan * DRAW_OVER_SCAN

scan16, draw16 = draw_seconds(BUCKETS)
scan64, draw64 = draw_seconds(64)
rank_one_core = draw_entries * RANK_NS_PER_ENTRY / 1e9
digest = draw_entries * DIGEST_NS_PER_ENTRY / 1e9

print("| quantity | value | unit |")
print("|---|---:|---|")
row("planning throughput of one instance", fmt(per_instance), "accepted entries/s (1 vCPU)")
row("storage transactions per accepted entry", fmt(tx_per_entry, 2), "")
row("one storage account carries", fmt(account_entries), f"accepted entries/s at {HEADROOM:.0%} of 20,000 tx/s")
row("one bucket partition carries", fmt(partition_entries), f"accepted entries/s at {HEADROOM:.0%} of 2,000/s, skew {SKEW}")
row(f"one campaign with {BUCKETS} buckets carries", fmt(min(campaign_partition_ceiling, account_entries)),
    f"accepted entries/s (partitions {fmt(campaign_partition_ceiling)}, account {fmt(account_entries)})")
row("peak storage transactions", fmt(peak_tx), f"tx/s at {fmt(PEAK_ENTRIES_PER_S)} entries/s")
row("storage accounts for entries", accounts, f"({peak_tx / ACCOUNT_TRANSACTIONS_PER_S:.0%} of one account's target)")
row("bucket partitions needed / chosen", f"{buckets_needed} / {buckets}", f"{fmt(per_bucket)} entries/s per bucket")
row("Function App instances at the peak", instances, f"of {FLEX_MAX_INSTANCES:,} allowed (set maximumInstanceCount >= {max(40, 2 * instances)})")
row("queues needed if entries were queued", math.ceil(PEAK_ENTRIES_PER_S / (QUEUE_MESSAGES_PER_S * HEADROOM)), "(they are not: one synchronous write)")
row(f"draw over {fmt(ENTRANTS)} entries: scan, {BUCKETS} buckets", fmt(scan16), "s (partition-bound)")
row(f"draw over {fmt(ENTRANTS)} entries: whole draw, {BUCKETS} buckets", fmt(draw16), f"s (x {DRAW_OVER_SCAN} measured)")
row(f"draw over {fmt(ENTRANTS)} entries: whole draw, 64 buckets", fmt(draw64), "s")
row("scoring + ranking on one core", fmt(rank_one_core, 1), f"s; per shard of {BUCKETS}: {rank_one_core / BUCKETS:.1f} s")
row("entry-set digest on one core", fmt(digest, 1), "s")
row("entry-set writes", fmt(draw_entries / ENTRY_SET_ROWS_PER_WRITE), "writes")
