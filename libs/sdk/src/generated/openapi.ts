/* eslint-disable */
// Generated from docs/openapi.json by `npm run openapi -- write` (openapi-typescript). Do not edit.

export interface paths {
    "/health/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process serves HTTP */
        get: operations["Health_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: Postgres, the message bus and the rank store all answer, and no consumer partition of this process has been stuck (its batch failing in place) for CONSUMER_STALL_MS */
        get: operations["Health_ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics of this process (text exposition format) */
        get: operations["Metrics_scrape"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/consumers/stalled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Consumer partitions of this process whose batch has been failing in place, with the offset and the error
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["Consumers_stalled"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/consumers/skip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Moves a stalled partition past one offset (audited): the message is dead-lettered, not lost
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Consumers_skip"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's audit entries, newest first, by target and action
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["Audit_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's API keys (never their secrets)
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["ApiKeys_list"];
        put?: never;
        /**
         * Mints an API key within the minter's own scopes and rate limit; the secret is shown once
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["ApiKeys_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revokes an API key: it stops working at once
         * @description Requires a key with the `admin` scope (or the root key).
         */
        delete: operations["ApiKeys_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{id}/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mints a short-lived token for one user of the calling tenant
         * @description Requires a key with the `events:write` scope (or the root key).
         */
        post: operations["UserTokens_mint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user's events, or the one with an idempotency key, newest first, with status and outcomes (why a rule paid nothing)
         * @description Requires a key with the `read` scope (or the root key).
         */
        get: operations["Events_list"];
        put?: never;
        /**
         * Accept one product event (any dialect of the tenant; CloudEvents structured or binary)
         * @description Requires a key with the `events:write` scope (or the root key).
         */
        post: operations["Events_accept"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/batch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept up to 1,000 events (1 MiB); one result per item
         * @description Requires a key with the `events:write` scope (or the root key).
         */
        post: operations["Events_acceptBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Processing status of an accepted event: queued | processed | failed_retrying | dead_lettered, with outcomes or the error
         * @description Requires a key with the `read` scope (or the root key).
         */
        get: operations["Events_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/dlq": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Dead letters, newest first, filtered by status, a page at a time
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["DeadLetters_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/dlq/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One dead letter with its message, error class and history
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["DeadLetters_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/dlq/replay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replays by ids or by filter (pending only), optionally as a dry run
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["DeadLetters_replay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/dlq/discard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Discards dead letters with a reason (audited); they are kept, marked discarded
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["DeadLetters_discard"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/consents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's recorded decisions (a consent not listed falls back to the event's own flag, then the pack's default)
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Consents_get"];
        /**
         * Records decisions (the latest wins; the others are kept)
         * @description Records decisions (the latest wins; the others are kept). Audited.
         *
         *     Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        put: operations["Consents_put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users/{userId}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Everything the platform holds about the user in Postgres (events, ledger, balances, badges, progress, standings, notifications and their webhook deliveries, redemptions, consents, dead letters, audit entries) as one JSON document, read in one snapshot
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["UserData_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Erasure: a tombstone (nothing is linked to the user again, whatever is redelivered or replayed), then every row about the user anonymised under a pseudonym (amounts kept: totals and boards of others stay exact) or deleted, and the user taken off every board
         * @description Erasure: a tombstone (nothing is linked to the user again, whatever is redelivered or
         *     replayed), then every row about the user anonymised under a pseudonym (amounts kept: totals
         *     and boards of others stay exact) or deleted, and the user taken off every board. Returns a
         *     receipt. Repeating it erases whatever arrived since and returns the same receipt id.
         *     404 `unknown_user` when nothing is held about the user (nothing is changed).
         *
         *     Requires a key with the `admin` scope (or the root key).
         */
        delete: operations["UserData_delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/retention/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Archives (compressed JSON lines with an index) and deletes the tenant's events older than their type's retention; the ledger is kept
         * @description Archives (compressed JSON lines with an index) and deletes the tenant's events older than their type's retention; the ledger is kept. Audited.
         *
         *     Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Retention_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/packs/validate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Checks a pack without storing it: 200 with a summary, or 422 with every error and its pointer
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Packs_validate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/packs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every stored version of the tenant's pack, the active one marked
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["Packs_list"];
        put?: never;
        /**
         * Stores a new version (validated, not yet active)
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Packs_upload"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/packs/{version}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One stored version with its source as uploaded (YAML or JSON): the export of a tenant's pack, e.g
         * @description One stored version with its source as uploaded (YAML or JSON): the export of a tenant's pack,
         *     e.g. to copy a tenant to another environment.
         *
         *     Requires a key with the `admin` scope (or the root key).
         */
        get: operations["Packs_export"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/packs/{version}/activate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Makes a stored version the active one; events from now on are scored by it
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Packs_activate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/packs/rollback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Activates the version that was active before the current one
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Packs_rollback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rescore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replays stored events through the active pack: a dry-run diff, or compensating ledger entries
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Rescore_run"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/events/reverse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reverses processed events (moderation: serial voting, a deleted post, fraud): whatever each holds in the ledger is taken back (a penalty given back) by compensating entries on the event, so boards, periods and scopes follow, and re-scoring leaves the events out from then on
         * @description Reverses processed events (moderation: serial voting, a deleted post, fraud): whatever each
         *     holds in the ledger is taken back (a penalty given back) by compensating entries on the event,
         *     so boards, periods and scopes follow, and re-scoring leaves the events out from then on. A dry
         *     run (the default) shows who loses what; 409 `rescore_in_progress` while a re-scoring or another
         *     reversal of the tenant is applying.
         *
         *     Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Reversal_reverse"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's streaks, today's missions (in their time zone), quests and counters
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Progress_view"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's metrics (counts, sums and distinct counts the pack keeps) in their current periods, with the milestones reached and the next one
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Progress_metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/caps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's amount caps now: per cap (a rule's own limit, or a shared cap) and window, the maximum, what is used and what is left, in the user's calendar — why an award was cut or skipped, and how much room remains
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Progress_caps"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/streaks/{streakId}/repair": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Repairs the user's last streak break, if the pack allows it and the break is recent enough (else 409)
         * @description Requires a key with the `events:write` scope (or the root key).
         */
        post: operations["Progress_repair"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Balances per currency (lifetime, spendable, net), the level and where the next starts, and ranks on the tenant's boards
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Users_getProfile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every balance change, newest first, with the event, rule and rule version that caused it
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Users_getLedger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/spend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Debits the spendable balance once per Idempotency-Key: 201, or 200 with the first answer on a repeat; 409 on overdraft
         * @description Requires a key with the `events:write` scope (or the root key).
         */
        post: operations["Users_spend"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Credits back (part of) a spend once per Idempotency-Key; never more than was spent
         * @description Requires a key with the `events:write` scope (or the root key).
         */
        post: operations["Users_refund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/rewards": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every item; with `userId`, only what can be redeemed now, each with whether that user can afford it, is eligible, and how many they hold
         * @description Requires a key with the `read` scope (or the root key).
         */
        get: operations["Rewards_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/redemptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's redemptions, newest first (up to 500)
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Redemptions_list"];
        put?: never;
        /**
         * Redeems an item once per Idempotency-Key: 201 (finalized, or started for an item to fulfil), or 200 with the first answer on a repeat; 409 when out of stock, over the limit, ineligible or short of balance — nothing reserved, nothing spent
         * @description Requires a key with the `events:write` scope (or the root key).
         */
        post: operations["Redemptions_redeem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rewards/{itemId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Creates or replaces a catalog item
         * @description Requires a key with the `admin` scope (or the root key).
         */
        put: operations["RewardsAdmin_putItem"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/rewards/{itemId}/stock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Adds (or, negative, removes) units of a finite item; never below 0
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["RewardsAdmin_adjustStock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/redemptions/{redemptionId}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Finalizes a started redemption of an item to fulfil (the tenant delivered it)
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["RewardsAdmin_confirm"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/redemptions/{redemptionId}/fail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Fails a started redemption: the cost is refunded and the unit returned, in one transaction
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["RewardsAdmin_fail"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users/{userId}/adjustments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Credits (positive amount) or debits (negative) any currency once per Idempotency-Key, as a ledger entry of kind `adjust` that carries its reason, note and operator
         * @description Credits (positive amount) or debits (negative) any currency once per Idempotency-Key, as a
         *     ledger entry of kind `adjust` that carries its reason, note and operator. Boards, levels,
         *     badges and notifications follow. 201, or 200 with the first answer on a repeat; 409
         *     `insufficient_balance` for a debit past zero unless the currency allows negative balances.
         *
         *     Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Adjustments_adjust"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leaderboards/{board}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Top N with ranks, a page at a time (`nextCursor`)
         * @description Requires a key with the `read` scope (or the root key). A user token may call it.
         */
        get: operations["Leaderboards_top"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leaderboards/{board}/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One user's rank and score, with `around` neighbours either side
         * @description Requires a key with the `read` scope (or the root key). A user token may call it.
         */
        get: operations["Leaderboards_rank"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/ranks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's rank on every board and window (current periods); with `scope` (`tag:python`), on that scope of every board ranked within its dimension; with `dimension` (`tag`), on each of the user's top values of it
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Leaderboards_ranks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/leaderboards/periods/run": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Computes, publishes and locks this tenant's finished periods that are due, now (the job does it every LEADERBOARD_PERIOD_INTERVAL_MS, looking back `lockAfterHours` and a week)
         * @description Computes, publishes and locks this tenant's finished periods that are due, now (the job does it
         *     every LEADERBOARD_PERIOD_INTERVAL_MS, looking back `lockAfterHours` and a week). `since`: also
         *     every period that ended after it, up to 400 per window — after importing back-dated history.
         *
         *     Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Leaderboards_runPeriods"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/leaderboards/exclusions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Users kept off the leaderboards (opt-out, hidden, moderation)
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["Leaderboards_exclusions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/leaderboards/exclusions/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Hides a user or removes them by moderation: off every live board at once, published periods re-ranked
         * @description Requires a key with the `admin` scope (or the root key).
         */
        put: operations["Leaderboards_exclude"];
        post?: never;
        /**
         * Puts a hidden, removed or opted-out user back on the boards, with what the ledger holds for them
         * @description Requires a key with the `admin` scope (or the root key).
         */
        delete: operations["Leaderboards_include"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/leaderboard-visibility": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * A user's own choice (sent by the product's backend): off the leaderboards, or back on
         * @description A user's own choice (sent by the product's backend): off the leaderboards, or back on. An admin's exclusion stays (409).
         *
         *     Requires a key with the `events:write` scope (or the root key).
         */
        put: operations["Leaderboards_setVisibility"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/leaderboards/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rebuilds every live period of every board of the tenant (each window's running period, and ended ones not yet locked, in every scope) from the ledger: after a restore into an empty Redis, or a flushed one
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Leaderboards_rebuildAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/leaderboards/{board}/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rebuilds a board period from the ledger (losing Redis loses nothing)
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Leaderboards_rebuild"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/leaderboards/{board}/reconcile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every user whose board score differs from the ledger (should be none)
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["Leaderboards_reconcile"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/leagues/{league}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's tier and cohort for the week, the cohort's standings, and the week's result once settled
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Leagues_view"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/leagues/settle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Settles this tenant's weeks that are due, now (the job does it every LEADERBOARD_PERIOD_INTERVAL_MS)
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Leagues_settle"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/leagues/{league}/weeks/{week}/settle": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Settles one ended week of a league now, before its grace has passed (422 for a week that has not ended)
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Leagues_settleWeek"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/leaderboards/{board}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A live board as Server-Sent Events: `event: leaderboard.updated` with the top N and the subscriber's own rank (`you`), sent at once and then whenever either changes — at most once per LEADERBOARD_STREAM_INTERVAL_MS (1 s)
         * @description A live board as Server-Sent Events: `event: leaderboard.updated` with the top N and the
         *     subscriber's own rank (`you`), sent at once and then whenever either changes — at most once per
         *     LEADERBOARD_STREAM_INTERVAL_MS (1 s). A reconnect gets the current state.
         *
         *     Requires a key with the `read` scope (or the root key). A user token may call it.
         */
        get: operations["BoardStreams_stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/summary": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Per day: DAU, events, points per currency, unlocks, missions and quests completed, redemptions
         * @description Requires a key with the `read` scope (or the root key).
         */
        get: operations["Analytics_summary"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/missions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Mission completion per day and mission: count, unique users, points, mean seconds to complete
         * @description Requires a key with the `read` scope (or the root key).
         */
        get: operations["Analytics_missions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/retention": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retention cohorts: users by first day, and how many came back 1, 7 and 30 days later
         * @description Requires a key with the `read` scope (or the root key).
         */
        get: operations["Analytics_retention"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/distributions/{currency}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Distribution of lifetime balances of a currency (percentiles, histogram, levels)
         * @description Requires a key with the `read` scope (or the root key).
         */
        get: operations["Analytics_distribution"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/live": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Now: events per second, processing lag (queued events, the oldest one's wait), failing and dead-lettered events of the last hour
         * @description Requires a key with the `read` scope (or the root key).
         */
        get: operations["Analytics_live"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Users by the start of their id, with their lifetime balances (the console search)
         * @description Requires a key with the `read` scope (or the root key).
         */
        get: operations["Analytics_users"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/streaks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Streak lengths: users per longest run, per streak
         * @description Requires a key with the `read` scope (or the root key).
         */
        get: operations["Analytics_streaks"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/analytics/daily/{metric}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One aggregate per day and dimension (events, dau, points_earned, points_by_rule, unlocks, missions_completed, …)
         * @description Requires a key with the `read` scope (or the root key).
         */
        get: operations["Analytics_daily"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/analytics/recompute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recompute the aggregates of a period from the source rows
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["AnalyticsAdmin_recompute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/achievements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's unlocked achievements, each with when and by which event it was unlocked
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Achievements_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/achievements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's achievements with how many users unlocked each (and the share of users); secret ones show only that they exist
         * @description Requires a key with the `read` scope (or the root key). A user token may call it.
         */
        get: operations["AchievementCatalogue_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users/{userId}/achievements/{achievementId}/grant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Unlocks the achievement for the user (lifting an earlier revocation); a repeat changes nothing (`granted: false`)
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["AchievementsAdmin_grant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/users/{userId}/achievements/{achievementId}/revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Withdraws the achievement; automatic unlocks skip it until it is granted again
         * @description Withdraws the achievement; automatic unlocks skip it until it is granted again. 404 `not_unlocked` when the user does not hold it.
         *
         *     Requires a key with the `admin` scope (or the root key).
         */
        post: operations["AchievementsAdmin_revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/achievements/{achievementId}/evaluate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Checks every user's current standing against the achievement and unlocks it for those who qualify (`dryRun: false`), once; audited
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["AchievementsBatch_evaluate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's notification feed, last change first (a batched one that grew is back on top), a page at a time, with the unread count
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Notifications_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/notifications/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Marks notifications read (the given ids, or all); a user token may do it for its own feed
         * @description Marks notifications read (the given ids, or all); a user token may do it for its own feed. Repeating it changes nothing.
         *
         *     Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        post: operations["Notifications_markRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/notifications/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's notification preferences: muted kinds, channels, locale
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Notifications_getPreferences"];
        /**
         * Replaces the user's notification preferences (a user token may, for its own); they apply to what is recorded from then on
         * @description Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        put: operations["Notifications_setPreferences"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/users/{userId}/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The user's notifications, live, as Server-Sent Events: `event: notification` with the feed's notification as data and the user's sequence number as id, a `ready` event once caught up, and a keep-alive comment every STREAM_HEARTBEAT_MS
         * @description The user's notifications, live, as Server-Sent Events: `event: notification` with the feed's
         *     notification as data and the user's sequence number as id, a `ready` event once caught up, and
         *     a keep-alive comment every STREAM_HEARTBEAT_MS. Reconnecting with Last-Event-ID (an
         *     EventSource does it by itself) sends everything after that id, in order, once.
         *
         *     Requires a key with the `read` scope (or the root key). A user token may call it for its own user.
         */
        get: operations["Streams_stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The tenant's endpoints, with their state (enabled, failing since, why disabled)
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["Webhooks_list"];
        put?: never;
        /**
         * Registers an endpoint; the signing secret (`whsec_…`) is in this answer only
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Webhooks_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One endpoint and its state
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["Webhooks_get"];
        put?: never;
        post?: never;
        /**
         * Deletes an endpoint with its pending deliveries and log
         * @description Requires a key with the `admin` scope (or the root key).
         */
        delete: operations["Webhooks_remove"];
        options?: never;
        head?: never;
        /**
         * Changes an endpoint; `enabled: true` re-enables one that was disabled
         * @description Requires a key with the `admin` scope (or the root key).
         */
        patch: operations["Webhooks_update"];
        trace?: never;
    };
    "/v1/admin/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A new signing secret (in this answer only); the previous ones keep signing during the overlap
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Webhooks_rotate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The endpoint's delivery log, newest first: state, attempts, and the last attempt's status, latency and answer
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["Webhooks_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/webhooks/{id}/deliveries/{deliveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One delivery with every attempt
         * @description Requires a key with the `admin` scope (or the root key).
         */
        get: operations["Webhooks_delivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/admin/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sends a delivery again now, with the same webhook-id
         * @description Requires a key with the `admin` scope (or the root key).
         */
        post: operations["Webhooks_redeliver"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        SkipOffsetDto: {
            /** @description The consumer group, as in the dead letters and the stalled list (e.g. `points`). */
            groupId: string;
            topic: string;
            partition: number;
            /** @description The offset as the stalled list gives it: a record's, or `<record>.<index>` for a message of a packed record. */
            offset: string;
            reason: string;
        };
        CreateApiKeyDto: {
            /** @description What the key is for, e.g. "qa-service production". */
            name: string;
            scopes: ("events:write" | "read" | "admin")[];
            /** @description Requests per second (default 200). */
            rateLimit?: number;
        };
        MintUserTokenDto: {
            /** @description Lifetime in seconds (default USER_TOKEN_TTL_SECONDS, 900; at most USER_TOKEN_MAX_TTL_SECONDS). */
            ttlSeconds?: number;
        };
        DeadLetterFilterDto: {
            topic?: string;
            /** @enum {string} */
            errorClass?: "VALIDATION" | "BUSINESS_RULE" | "DATABASE" | "NETWORK" | "AUTHORIZATION" | "INTERNAL" | "UNKNOWN";
            /** Format: date-time */
            from?: string;
            /** Format: date-time */
            to?: string;
        };
        ReplayDeadLettersDto: {
            ids?: string[];
            filter?: components["schemas"]["DeadLetterFilterDto"];
            dryRun?: boolean;
            /** @description RFC 6902 operations to fix the message before it is replayed (one id only; at most 1,000 operations, and the patched message at most 256 KiB). */
            patch?: {
                [key: string]: unknown;
            }[];
        };
        DiscardDeadLettersDto: {
            ids: string[];
            reason: string;
        };
        ConsentsDto: {
            /**
             * @description Decisions by consent name: `true` granted, `false` refused or withdrawn (an objection).
             * @example {
             *       "whatsapp_activity": true,
             *       "telemetry": false
             *     }
             */
            consents: {
                [key: string]: boolean;
            };
        };
        RetentionRunDto: {
            /** @description Count what would be archived and deleted, change nothing (default false). */
            dryRun?: boolean;
        };
        PackSourceDto: {
            /**
             * @description The tenant's own event registry files, in the registry folder layout: its dialects, namespaces
             *     and schemas (see docs/reference.md). Active with the pack version. Absent: the active version's
             *     bundle is kept. A new bundle may add schema versions, not change or remove published ones.
             * @example {
             *       "dialects/acme.yaml": "id: acme\n…",
             *       "acme/namespace.yaml": "title: Acme\nnaming: dotted\n",
             *       "acme/lesson.completed/v1.schema.json": "{ … }"
             *     }
             */
            registry?: {
                [key: string]: string;
            };
            /** @description The pack as YAML or JSON text (see docs/packs.md). */
            source: string;
        };
        RescoreDto: {
            /**
             * Format: date-time
             * @description Event-time range [from, to) to replay: instants (a bare date is midnight UTC). Or give `period`.
             */
            from?: string;
            /** Format: date-time */
            to?: string;
            /** @description Instead of `from`/`to`: a period of the tenant's calendar (its `timezone` and `weekStart`), named as the boards name them: `d2026-11-23`, `w2026-11-23` (the week's first day), `m2026-11`. */
            period?: string;
            /** @description Default true: show who gains or loses what; nothing is written. */
            dryRun?: boolean;
        };
        ReverseEventsDto: {
            /**
             * @description Only events whose payload contains this object (Postgres jsonb containment): `{"post_id": "p-1"}`
             *     picks the votes, accepts and comments on one post. With a time range or `userId` (it narrows a
             *     selection, never scans all of a tenant's events); at most 20 keys, 2 KiB.
             * @example {
             *       "post_id": "p-1"
             *     }
             */
            payload?: {
                [key: string]: unknown;
            };
            /** @description Why (kept with the reversal and in the audit trail): 1–200 characters. */
            reason: string;
            /** @description The events to reverse, by id (up to 1,000). Or pick them with userId / type / from / to. */
            eventIds?: string[];
            /** @description Or by your own event ids: the idempotency keys the events were sent with (up to 1,000). */
            idempotencyKeys?: string[];
            /** @description Every processed event about this user (the event's own user: the voter of a vote, not its recipient), narrowed by type and time. */
            userId?: string;
            /** @description Only events of this type (e.g. `vote.cast`). */
            type?: string;
            /**
             * Format: date-time
             * @description Event-time range [from, to) (instants).
             */
            from?: string;
            /** Format: date-time */
            to?: string;
            /** @description Instead of `from`/`to`: a period of the tenant's calendar, named as the boards name it: `d2026-11-23`, `w2026-11-23`, `m2026-11`. */
            period?: string;
            /** @description Default true: show what would be taken back; nothing is written. */
            dryRun?: boolean;
        };
        SpendDto: {
            currency: string;
            /** @description A positive integer. */
            amount: number;
            reason?: string;
        };
        RefundDto: {
            /**
             * Format: uuid
             * @description The `spendId` the spend answered.
             */
            spendId: string;
            /** @description Default: all that is left of the spend. */
            amount?: number;
        };
        RedeemDto: {
            itemId: string;
        };
        RewardItemDto: {
            name: string;
            description?: string;
            /** @description The currency the cost is paid in (a currency of the tenant's pack). */
            currency: string;
            /** @description A positive integer. */
            cost: number;
            /** @description Units left; omit for unlimited. */
            stock?: number;
            /** @description Most live (started or finalized) redemptions one user may hold of this item; omit for no limit. */
            perUserLimit?: number;
            /** Format: date-time */
            availableFrom?: string;
            /** Format: date-time */
            availableUntil?: string;
            /**
             * @description `digital` (default): finalized at once. `fulfilled`: started until confirmed or failed over the admin API.
             * @enum {string}
             */
            fulfilment?: "digital" | "fulfilled";
            /** @description Only users at this level or above may redeem it. */
            minLevel?: number;
            /** @description Achievement ids (tiers too: `fan.gold`) the user must hold to redeem it. */
            requiresBadges?: string[];
            /** @description Default true; false hides it and refuses redemptions. */
            active?: boolean;
        };
        StockDto: {
            /** @description Units to add (negative: remove; never below 0). */
            delta: number;
        };
        SettleDto: {
            reason?: string;
        };
        AdjustmentDto: {
            /** @description A non-zero integer: positive credits, negative debits. */
            amount: number;
            currency: string;
            /** @description Why (shown with the ledger entry): 1–200 characters. */
            reason: string;
            /** @description The operator's note (a ticket reference, context): at most 2,000 characters. */
            note?: string;
        };
        RunPeriodsDto: {
            /**
             * Format: date-time
             * @description Also the periods that ended after this instant (default: as far back as one can still be due).
             */
            since?: string;
        };
        ExclusionDto: {
            /**
             * @description `hidden` (staff, test accounts) or `moderation` (removed, e.g. for cheating).
             * @enum {string}
             */
            reason: "hidden" | "moderation";
            note?: string;
        };
        VisibilityDto: {
            visible: boolean;
        };
        BoardPeriodDto: {
            /** @description all-time (the default where the board keeps it, else the first window it declares), daily, weekly, monthly or season. */
            window?: string;
            /** @description `all`, `d2026-11-24`, `w2026-11-23` (first day of the week), `m2026-11`, `s<season id>`; default: the current period. */
            period?: string;
            /** @description `global` (default) or `<dimension>:<value>`, e.g. `community:42`, for a board ranked within that dimension. */
            scope?: string;
        };
        RecomputeDto: {
            from: string;
            to: string;
        };
        AchievementReasonDto: {
            /** @description Why (kept in the audit log). */
            reason: string;
        };
        EvaluateDto: {
            /** @description Default true: count who qualifies; false unlocks for them. */
            dryRun?: boolean;
        };
        MarkReadDto: {
            /** @description Notification ids to mark read; omitted: every unread one. */
            ids?: string[];
        };
        PreferencesDto: {
            /** @description Kinds never to record for this user: a kind (`points.awarded`), a family (`streak.*`) or `*`. */
            muted?: string[];
            /** @description In-app notifications (the feed and the live streams); default true. */
            inApp?: boolean;
            /** @description Deliveries about this user to the tenant's webhooks; default true. */
            webhook?: boolean;
            /** @description The locale titles are written in (BCP 47, e.g. `vi`); default the pack's. */
            locale?: string;
        };
        CreateWebhookDto: {
            /**
             * Format: uri
             * @description Where deliveries are POSTed (https in production).
             */
            url: string;
            /** @description Notification kinds to deliver: a kind, a family (`streak.*`), or `*` for all. */
            kinds: string[];
            description?: string;
        };
        UpdateWebhookDto: {
            /** Format: uri */
            url?: string;
            kinds?: string[];
            description?: string;
            /** @description false disables the endpoint; true re-enables it (after an automatic disable too). */
            enabled?: boolean;
        };
        RotateSecretDto: {
            /** @description How long the previous secrets keep signing beside the new one (default 86400: a day; 0 ends them now). */
            overlapSeconds?: number;
        };
        AcceptEventResult: {
            id: string;
            /** @enum {string} */
            status: "queued" | "processed" | "failed_retrying" | "dead_lettered";
            duplicate: boolean;
        };
        AdjustmentResult: {
            adjustmentId: string;
            /** @description True when this Idempotency-Key was used before: the first result, nothing written. */
            replayed: boolean;
            entry: components["schemas"]["LedgerEntryView"];
            adjustment: components["schemas"]["AdjustmentView"];
            balance: {
                currency: string;
                lifetime: number;
                spendable: number;
                net: number;
            };
        };
        /** @description Why an operator adjusted a balance. */
        AdjustmentView: {
            id: string;
            reason: string;
            note: string | null;
            /** @description The API key that made it (`root`, or a key id). */
            actor: string;
        };
        ApiKeyRecord: {
            id: string;
            tenantId: string;
            name: string;
            scopes: ("events:write" | "read" | "admin")[];
            rateLimit: number;
            createdAt: string;
            revokedAt: string | null;
        };
        CatalogueEntry: {
            id: string;
            /** @description Null for a secret achievement: its name, description and criterion stay hidden. */
            name: string | null;
            description: string | null;
            /** @description The pack's class for it (`bronze`, `silver`, `gold`, …); null when none or secret. */
            class: string | null;
            secret: boolean;
            /** @description What unlocks it, as the pack says (`{ metric, atLeast }`, `{ streak, atLeast }`, `{ quest }`, `{ all: [...] }`, …); null when secret. */
            criterion: {
                [key: string]: unknown;
            } | null;
            /** @description Unlocked again on each occurrence of its criterion (each period, day or instance). */
            repeatable: boolean;
            /** @description A time-limited achievement's window (null: always). */
            availableFrom: string | null;
            availableUntil: string | null;
            /** @description Points and/or an item given on unlock, and whether a revocation takes them back; null when none (or secret). */
            reward: {
                currency: string | null;
                amount: number | null;
                item: string | null;
                /** @enum {string} */
                onRevoke: "keep" | "clawback";
            } | null;
            /** @description Users who unlocked it, and that as a share of the tenant's users (users with a balance). */
            unlocked: number;
            rate: number;
        };
        DailyRow: {
            day: string;
            dimension: string;
            value: number;
        };
        DeadLetter: {
            id: string;
            dlqTopic: string;
            originTopic: string;
            groupId: string;
            tenantId: string | null;
            eventId: string | null;
            key: string;
            /** @description The original value; null for a tombstone or when it was too large to keep (then `original` says what it was). */
            value: string | null;
            original: {
                bytes: number;
                sha256: string;
            } | null;
            headers: {
                [key: string]: string;
            };
            /** @enum {string} */
            errorClass: "VALIDATION" | "BUSINESS_RULE" | "DATABASE" | "NETWORK" | "AUTHORIZATION" | "INTERNAL" | "UNKNOWN";
            errorMessage: string;
            attempts: number;
            firstFailedAt: string;
            deadAt: string;
            /** @enum {string} */
            status: "pending" | "replayed" | "discarded";
            replayCount: number;
            lastReplayedAt: string | null;
            discardReason: string | null;
            resolvedBy: string | null;
        };
        DeletionReceipt: {
            receiptId: string;
            tenantId: string;
            /** @description What the user's rows carry now (ledger amounts, standings and seats are kept under it). */
            pseudonym: string;
            /** @description When the user was first deleted (the tombstone: nothing is linked to them from then on). */
            deletedAt: string;
            /** @description When this request's erasure finished. */
            erasedAt: string;
            /** @description Rows anonymised or deleted per table by this request (a repeated request erases only what arrived since). */
            tables: {
                [key: string]: {
                    anonymised: number;
                    deleted: number;
                };
            };
            /** @description Live board and league sets the user was taken off. */
            boards: number;
            /** @description Archived files rewritten without the user (retention's archive), and the events in them that named the user. */
            archive: {
                files: number;
                events: number;
            };
            /** @description True when the user had been deleted before (the receipt id and pseudonym are the first request's). */
            repeated: boolean;
            /** @description What the deletion does not reach, and why. */
            notes: string[];
        };
        DistributionView: {
            /** @description Users per level, when `currency` is the pack's level currency. */
            levels: {
                level: number;
                users: number;
            }[] | null;
            currency: string;
            users: number;
            percentiles: {
                p50: number;
                p75: number;
                p90: number;
                p99: number;
                max: number;
            };
            /** @description Equal-width buckets of lifetime points: [from, to). */
            histogram: {
                from: number;
                to: number;
                users: number;
            }[];
        };
        Drift: {
            userId: string;
            ledger: number;
            /** @description What the board serves: the Redis score of a live period, the stored standing of a published or locked one. */
            board: number | null;
        };
        Exclusion: {
            userId: string;
            /** @enum {string} */
            reason: "hidden" | "moderation" | "opt_out";
            note: string | null;
            actor: string | null;
            createdAt: string;
        };
        FeedPage: {
            userId: string;
            notifications: components["schemas"]["NotificationView"][];
            /** @description Unread notifications of the user (all of them, not only this page's). */
            unread: number;
            /** @description Pass as `cursor` for the next (older) page; null on the last one. */
            nextCursor: string | null;
        };
        FieldError: {
            /** @description JSON pointer (RFC 6901) to the offending field, e.g. `/payload/answer_author_id`. */
            pointer: string;
            detail: string;
            /** @description Where the field is in the submitted text (1-based), when the input was a document such as a YAML pack. */
            line?: number;
        };
        LeaderboardPage: {
            board: string;
            name: string;
            currency: string;
            /** @enum {string} */
            window: "all-time" | "daily" | "weekly" | "monthly" | "season";
            period: string;
            scope: string;
            /** @enum {string} */
            status: "running" | "ended" | "computed" | "published" | "locked";
            revision: number | null;
            /** @enum {string} */
            ties: "competition" | "dense";
            total: number;
            entries: {
                rank: number;
                userId: string;
                score: number;
            }[];
            nextCursor: string | null;
        };
        LedgerEntryView: {
            id: string;
            idempotencyKey: string;
            currency: string;
            amount: number;
            /** @enum {string} */
            kind: "earn" | "spend" | "expire" | "refund" | "adjust" | "compensate";
            sourceEventId: string;
            ruleId: string | null;
            ruleVersion: number | null;
            occurredAt: string;
            createdAt: string;
            adjustment?: components["schemas"]["AdjustmentView"];
            /**
             * @description On a re-scoring correction: what it added to lifetime earned. A run raises lifetime by the
             *     user's net gain in it, so a correction that only moves credit between events (under a cap or
             *     a once-per key) adds less than its amount, often 0. Absent: the amount when positive, else 0.
             */
            lifetimeCredit?: number;
            scopes?: components["schemas"]["Scopes"];
            /** @description Where the currency's floor held a debit back: what was asked (`amount` is what was booked). */
            requested?: number;
        };
        /** @description The last minute and hour of a tenant's events, read live from the event store (the console's overview). */
        LiveFigures: {
            at: string;
            /** @description Events received in the last 60 s, and per second. */
            eventsLastMinute: number;
            eventsPerSecond: number;
            /** @description Events of the last hour not processed yet, and how long the oldest has waited (processing lag). */
            queued: number;
            oldestQueuedSeconds: number | null;
            /** @description Events of the last hour failing and being retried, and those dead-lettered. */
            failedRetrying: number;
            deadLettered: number;
        };
        MissionDay: {
            day: string;
            mission: string;
            completed: number;
            users: number;
            /** @description Mean seconds from the first progress to completion (null when no completion has both times). */
            avgSeconds: number | null;
            /** @description Points the mission's rewards paid that day, per currency, net of re-scoring corrections. */
            points: {
                [key: string]: number;
            };
        };
        NotificationView: {
            id: string;
            /** @description The user's own sequence number (1, 2, 3… in commit order): a stream's event id. */
            seq: number;
            kind: string;
            title: string;
            data: {
                [key: string]: unknown;
            };
            createdAt: string;
            readAt: string | null;
        };
        PackVersionView: {
            version: number;
            status: string;
            uploadedBy: string;
            uploadedAt: string;
            activatedAt: string | null;
            rules: number;
            /** @description How many registry files (dialects, namespaces, schemas) the version carries. */
            registryFiles: number;
        };
        ProblemDetails: {
            type: string;
            title: string;
            status: number;
            detail: string;
            instance: string;
            code: string;
            errors?: components["schemas"]["FieldError"][];
        };
        Profile: {
            userId: string;
            balances: {
                [key: string]: {
                    lifetime: number;
                    spendable: number;
                    net: number;
                };
            };
            level: {
                currency: string;
                level: number;
                nextAt: number | null;
            } | null;
            /** @description All-time ranks on the boards that keep an all-time window (other windows: `GET /v1/users/{id}/ranks`). */
            ranks: {
                board: string;
                /** @constant */
                window: "all-time";
                rank: number;
                score: number;
            }[];
        };
        QuestView: {
            id: string;
            name: string;
            description?: string;
            instance: string;
            steps: {
                id: string;
                progress: number;
                target: number;
            }[];
            completed: boolean;
            expired: boolean;
            reward: {
                currency: string;
                amount: number;
            } | null;
            deadline: string | null;
        };
        RebuildResult: {
            board: string;
            /** @enum {string} */
            window: "all-time" | "daily" | "weekly" | "monthly" | "season";
            period: string;
            scope: string;
            members: number;
            /** @description Award guards of the last hour restored in Redis (a live period). */
            guardsRestored: number;
            /** @description Members set again from the ledger after the swap (awards that raced it). */
            repaired: number;
            ms: number;
            /** @description A published or locked period: its stored standings, revised from the ledger when they changed. */
            standings?: {
                /** @enum {string} */
                status: "computed" | "published" | "locked";
                revision: number;
                changed: boolean;
            };
        };
        RedemptionView: {
            id: string;
            userId: string;
            itemId: string;
            /** @enum {string} */
            status: "failed" | "finalized" | "started";
            currency: string;
            cost: number;
            reason: string | null;
            /** @description Granted by an achievement's reward (cost 0), not bought. */
            granted: boolean;
            createdAt: string;
            updatedAt: string;
        };
        RescoreDiffRow: {
            userId: string;
            currency: string;
            before: number;
            after: number;
            delta: number;
        };
        RescoreResult: {
            runId: string;
            dryRun: boolean;
            /** @description The range replayed (from `period` when it was given). */
            from: string;
            to: string;
            packVersion: number;
            eventsExamined: number;
            eventsChanged: number;
            /** @description Per (user, currency): ledger now vs the active pack's answer, biggest changes first (up to 1,000 rows). */
            diff: components["schemas"]["RescoreDiffRow"][];
            totals: {
                [key: string]: {
                    gained: number;
                    lost: number;
                    usersAffected: number;
                };
            };
            compensations: number;
            /**
             * @description Applying only: whether the ledger held every correction of the run when it answered (it waits
             *     up to `RESCORE_SETTLE_MS`). When false, the corrections are still on their way and the tenant's
             *     re-scoring lease stays taken until they land or it expires.
             */
            settled?: boolean;
            /**
             * @description Progress the active pack would leave different from what is stored, after replaying every
             *     event of the tenant (up to 1,000 rows, biggest changes first). Reported, not written: applying
             *     corrects balances only; the stored state keeps moving with live events.
             */
            state: components["schemas"]["RescoreStateRow"][];
            /** @description Achievements a user would gain or lose: metric badges from the replayed metrics, balance badges from the corrected lifetime. */
            badges: {
                userId: string;
                achievementId: string;
                /** @enum {string} */
                change: "unlock" | "revoke";
            }[];
            /** @description Levels that change with the corrected balances. */
            levels: {
                userId: string;
                before: number;
                after: number;
            }[];
        };
        /** @description A metric's or counter's value, or a mission's or quest's completion (1/0), stored vs replayed. */
        RescoreStateRow: {
            userId: string;
            /** @description The progress key: `metric/<id>/<period>`, `counter/<id>`, `quest/<id>/<instance>`, `mission/<id>/<day>`. */
            key: string;
            before: number;
            after: number;
        };
        RetentionCohort: {
            /** @description The local day of the users' first event. */
            cohort: string;
            users: number;
            /** @description Users of the cohort active again exactly 1, 7 and 30 days later; null while that day has not come. */
            d1: number | null;
            d7: number | null;
            d30: number | null;
        };
        RetentionReport: {
            dryRun: boolean;
            at: string;
            types: {
                tenantId: string;
                type: string;
                days: number;
                before: string;
                expired: number;
                archived: number;
                files: string[];
            }[];
            /** @description Events whose identity was removed (seed 004: after 90 days), per tenant. */
            anonymised: {
                tenantId: string;
                days: number;
                before: string;
                events: number;
            }[];
        };
        ReversedEventRow: {
            id: string;
            type: string;
            userId: string;
            occurredAt: string;
            /** @description What is taken back (or, for a penalty, given back) from each user the event paid or charged. */
            corrections: {
                userId: string;
                currency: string;
                amount: number;
            }[];
        };
        ReverseResult: {
            runId: string;
            dryRun: boolean;
            reason: string;
            /** @description Processed events the selection matched. */
            eventsMatched: number;
            /** @description Of those, reversed by an earlier request (nothing more is taken). */
            alreadyReversed: number;
            /** @description Ids asked for that are not processed events of this tenant (unknown, another tenant's, or still in flight). */
            notFound: string[];
            compensations: number;
            /** @description Per currency: points taken back, points given back (reversed penalties), users affected. */
            totals: {
                [key: string]: {
                    taken: number;
                    given: number;
                    usersAffected: number;
                };
            };
            /** @description Per (user, currency): the net change, biggest first (up to 1,000 rows). */
            diff: {
                userId: string;
                currency: string;
                delta: number;
            }[];
            /** @description The events reversed, with their corrections (up to 1,000). */
            events: components["schemas"]["ReversedEventRow"][];
            /**
             * @description Levels that change with the corrected balances (`levels.allowDown` levels follow net earned;
             *     others never go down, lifetime earned being untouched).
             */
            levels: {
                userId: string;
                before: number;
                after: number;
            }[];
            /** @description Applying only: live cap, cooldown and once-per applications of the events freed. */
            released?: number;
            /** @description Applying only: whether the ledger held every correction when the run answered (see re-scoring). */
            settled?: boolean;
        };
        /** @description One item of a tenant's rewards catalog. `stock` null: unlimited. */
        RewardItem: {
            id: string;
            name: string;
            description: string | null;
            currency: string;
            cost: number;
            stock: number | null;
            perUserLimit: number | null;
            availableFrom: string | null;
            availableUntil: string | null;
            /** @enum {string} */
            fulfilment: "digital" | "fulfilled";
            minLevel: number | null;
            /** @description Achievements the user must hold to redeem it (eligibility by badges held). */
            requiresBadges: string[];
            active: boolean;
        };
        RewardOffer: {
            /** @description For the user asked about: their spendable balance covers the cost. */
            affordable?: boolean;
            /** @description For the user asked about: their level and achievements allow it and their per-user limit is not used up. */
            eligible?: boolean;
            /** @description For the user asked about: live redemptions of this item they hold. */
            held?: number;
            id: string;
            name: string;
            description: string | null;
            currency: string;
            cost: number;
            stock: number | null;
            perUserLimit: number | null;
            availableFrom: string | null;
            availableUntil: string | null;
            /** @enum {string} */
            fulfilment: "digital" | "fulfilled";
            minLevel: number | null;
            /** @description Achievements the user must hold to redeem it (eligibility by badges held). */
            requiresBadges: string[];
            active: boolean;
        };
        /**
         * @description An event's values of the pack's dimensions (board scopes), by dimension id: one value, or several
         *     when the event's field is a list (a question's tags: it counts on each tag's board).
         */
        Scopes: {
            [key: string]: string | string[];
        };
        SpendResult: {
            spendId: string;
            replayed: boolean;
            entry: components["schemas"]["LedgerEntryView"];
            balance: {
                currency: string;
                lifetime: number;
                spendable: number;
            };
        };
        StreakView: {
            id: string;
            name: string;
            /** @enum {string} */
            period: "day" | "week";
            current: number;
            longest: number;
            freezes: number;
            /** @description Whether activity in the current period is still needed to keep the streak. */
            activeThisPeriod: boolean;
            /** @description When the streak breaks without activity (ISO 8601), or null. */
            breaksAt: string | null;
            broken: {
                previousStreak: number;
                repairableUntil: string | null;
            } | null;
        };
        /** @description One day of the Gamification and Community Health dashboards (seed 004). */
        SummaryDay: {
            day: string;
            dau: number;
            events: number;
            /** @description Points earned per currency: gross awards as scored live (`points_earned`; re-scoring corrections are in `points_net`). */
            points: {
                [key: string]: number;
            };
            unlocks: number;
            missionsCompleted: number;
            questsCompleted: number;
            redemptions: number;
        };
        UserExport: {
            tenantId: string;
            userId: string;
            exportedAt: string;
            /** @description Each table's rows about the user, as stored (column names as in the database). */
            tables: {
                [key: string]: {
                    [key: string]: unknown;
                }[];
            };
            /** @description Rows per table. */
            counts: {
                [key: string]: number;
            };
            /** @description What the export does not hold, and why. */
            notes: string[];
        };
        UserTokenView: {
            /** @description A JWT (HS256): send it as `Authorization: Bearer <token>` from the user's browser or app. */
            token: string;
            /** @constant */
            tokenType: "Bearer";
            userId: string;
            expiresAt: string;
            /** @description The signing key's id (`kid`): keys rotate with overlap. */
            keyId: string;
        };
        WebhookAttempt: {
            attempt: number;
            at: string;
            statusCode: number | null;
            latencyMs: number;
            response: string;
        };
        WebhookDelivery: {
            id: string;
            endpointId: string;
            /** @description The `webhook-id`: the same on every attempt. */
            messageId: string;
            kind: string;
            payload: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
            attempts: number;
            nextAttemptAt: string | null;
            createdAt: string;
            deliveredAt: string | null;
        };
    };
    responses: {
        /** @description The request cannot be read: invalid JSON, an empty body, a bad header or path. Codes: `invalid_json`, `empty_body`, `bad_request`. */
        BadRequest: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description No, unknown or revoked API key (`WWW-Authenticate: Bearer`); repeated failures from one address are throttled. Codes: `missing_api_key`, `invalid_authorization`, `invalid_api_key`, `tenant_required`, `unknown_tenant`. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description The key lacks the scope this route needs, or names another tenant. Codes: `insufficient_scope`, `tenant_mismatch`, `operator_only`, `scope_escalation`. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description No such resource for this tenant, or (root key) no such tenant. Codes: `unknown_tenant`, `event_not_found`, `unknown_leaderboard`, `unknown_period`, …. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description The request conflicts with the current state (e.g. an overdraft, a refund above what was spent). Codes: `insufficient_balance`, `refund_exceeds_spend`, `excluded_by_admin`, `no_previous_pack`. */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description The body exceeds the size or nesting limits. Codes: `payload_too_large`. */
        ContentTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description The request is well formed but invalid: every failing field is listed in `errors` with a JSON pointer. Codes: `validation_failed`, `schema_validation_failed`, `idempotency_key_required`, …. */
        UnprocessableContent: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description The key's rate limit is exceeded (`Retry-After` says when to try again). Codes: `rate_limited`. */
        TooManyRequests: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
        /** @description A dependency (Postgres, Kafka, Redis) does not answer; nothing was written. Retry with the same idempotency key.. Codes: `unavailable`. */
        ServiceUnavailable: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/problem+json": components["schemas"]["ProblemDetails"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type SchemaSkipOffsetDto = components['schemas']['SkipOffsetDto'];
export type SchemaCreateApiKeyDto = components['schemas']['CreateApiKeyDto'];
export type SchemaMintUserTokenDto = components['schemas']['MintUserTokenDto'];
export type SchemaDeadLetterFilterDto = components['schemas']['DeadLetterFilterDto'];
export type SchemaReplayDeadLettersDto = components['schemas']['ReplayDeadLettersDto'];
export type SchemaDiscardDeadLettersDto = components['schemas']['DiscardDeadLettersDto'];
export type SchemaConsentsDto = components['schemas']['ConsentsDto'];
export type SchemaRetentionRunDto = components['schemas']['RetentionRunDto'];
export type SchemaPackSourceDto = components['schemas']['PackSourceDto'];
export type SchemaRescoreDto = components['schemas']['RescoreDto'];
export type SchemaReverseEventsDto = components['schemas']['ReverseEventsDto'];
export type SchemaSpendDto = components['schemas']['SpendDto'];
export type SchemaRefundDto = components['schemas']['RefundDto'];
export type SchemaRedeemDto = components['schemas']['RedeemDto'];
export type SchemaRewardItemDto = components['schemas']['RewardItemDto'];
export type SchemaStockDto = components['schemas']['StockDto'];
export type SchemaSettleDto = components['schemas']['SettleDto'];
export type SchemaAdjustmentDto = components['schemas']['AdjustmentDto'];
export type SchemaRunPeriodsDto = components['schemas']['RunPeriodsDto'];
export type SchemaExclusionDto = components['schemas']['ExclusionDto'];
export type SchemaVisibilityDto = components['schemas']['VisibilityDto'];
export type SchemaBoardPeriodDto = components['schemas']['BoardPeriodDto'];
export type SchemaRecomputeDto = components['schemas']['RecomputeDto'];
export type SchemaAchievementReasonDto = components['schemas']['AchievementReasonDto'];
export type SchemaEvaluateDto = components['schemas']['EvaluateDto'];
export type SchemaMarkReadDto = components['schemas']['MarkReadDto'];
export type SchemaPreferencesDto = components['schemas']['PreferencesDto'];
export type SchemaCreateWebhookDto = components['schemas']['CreateWebhookDto'];
export type SchemaUpdateWebhookDto = components['schemas']['UpdateWebhookDto'];
export type SchemaRotateSecretDto = components['schemas']['RotateSecretDto'];
export type SchemaAcceptEventResult = components['schemas']['AcceptEventResult'];
export type SchemaAdjustmentResult = components['schemas']['AdjustmentResult'];
export type SchemaAdjustmentView = components['schemas']['AdjustmentView'];
export type SchemaApiKeyRecord = components['schemas']['ApiKeyRecord'];
export type SchemaCatalogueEntry = components['schemas']['CatalogueEntry'];
export type SchemaDailyRow = components['schemas']['DailyRow'];
export type SchemaDeadLetter = components['schemas']['DeadLetter'];
export type SchemaDeletionReceipt = components['schemas']['DeletionReceipt'];
export type SchemaDistributionView = components['schemas']['DistributionView'];
export type SchemaDrift = components['schemas']['Drift'];
export type SchemaExclusion = components['schemas']['Exclusion'];
export type SchemaFeedPage = components['schemas']['FeedPage'];
export type SchemaFieldError = components['schemas']['FieldError'];
export type SchemaLeaderboardPage = components['schemas']['LeaderboardPage'];
export type SchemaLedgerEntryView = components['schemas']['LedgerEntryView'];
export type SchemaLiveFigures = components['schemas']['LiveFigures'];
export type SchemaMissionDay = components['schemas']['MissionDay'];
export type SchemaNotificationView = components['schemas']['NotificationView'];
export type SchemaPackVersionView = components['schemas']['PackVersionView'];
export type SchemaProblemDetails = components['schemas']['ProblemDetails'];
export type SchemaProfile = components['schemas']['Profile'];
export type SchemaQuestView = components['schemas']['QuestView'];
export type SchemaRebuildResult = components['schemas']['RebuildResult'];
export type SchemaRedemptionView = components['schemas']['RedemptionView'];
export type SchemaRescoreDiffRow = components['schemas']['RescoreDiffRow'];
export type SchemaRescoreResult = components['schemas']['RescoreResult'];
export type SchemaRescoreStateRow = components['schemas']['RescoreStateRow'];
export type SchemaRetentionCohort = components['schemas']['RetentionCohort'];
export type SchemaRetentionReport = components['schemas']['RetentionReport'];
export type SchemaReversedEventRow = components['schemas']['ReversedEventRow'];
export type SchemaReverseResult = components['schemas']['ReverseResult'];
export type SchemaRewardItem = components['schemas']['RewardItem'];
export type SchemaRewardOffer = components['schemas']['RewardOffer'];
export type SchemaScopes = components['schemas']['Scopes'];
export type SchemaSpendResult = components['schemas']['SpendResult'];
export type SchemaStreakView = components['schemas']['StreakView'];
export type SchemaSummaryDay = components['schemas']['SummaryDay'];
export type SchemaUserExport = components['schemas']['UserExport'];
export type SchemaUserTokenView = components['schemas']['UserTokenView'];
export type SchemaWebhookAttempt = components['schemas']['WebhookAttempt'];
export type SchemaWebhookDelivery = components['schemas']['WebhookDelivery'];
export type ResponseBadRequest = components['responses']['BadRequest'];
export type ResponseUnauthorized = components['responses']['Unauthorized'];
export type ResponseForbidden = components['responses']['Forbidden'];
export type ResponseNotFound = components['responses']['NotFound'];
export type ResponseConflict = components['responses']['Conflict'];
export type ResponseContentTooLarge = components['responses']['ContentTooLarge'];
export type ResponseUnprocessableContent = components['responses']['UnprocessableContent'];
export type ResponseTooManyRequests = components['responses']['TooManyRequests'];
export type ResponseServiceUnavailable = components['responses']['ServiceUnavailable'];
export type $defs = Record<string, never>;
export interface operations {
    Health_live: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: string;
                    };
                };
            };
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Health_ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        status: string;
                        checks: {
                            database: boolean;
                            messaging: boolean;
                            rankStore: boolean;
                            consumers: boolean;
                        };
                    };
                };
            };
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Metrics_scrape: {
        parameters: {
            query?: never;
            header: {
                authorization: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": string;
                };
            };
            400: components["responses"]["BadRequest"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Consumers_stalled: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        stalled: {
                            since: string;
                            groupId: string;
                            topic: string;
                            partition: number;
                            /** @description The first offset of the batch that cannot move. */
                            offset: string;
                            attempts: number;
                            error: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Consumers_skip: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SkipOffsetDto"];
            };
        };
        responses: {
            /** @description OK */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        accepted: boolean;
                        stalledHere: boolean;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Audit_list: {
        parameters: {
            query?: {
                /** @description Only entries about this target (a dead letter's id, a key's id, a user, a pack version…). */
                target?: string;
                /** @description Only this action, e.g. `dlq.replay`, `api_key.revoke`, `analytics.recompute`. */
                action?: string;
                limit?: number;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            tenantId: string | null;
                            /** @description The API key id that did it (or `root`). */
                            actor: string;
                            action: string;
                            target: string;
                            detail: {
                                [key: string]: unknown;
                            };
                            at: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    ApiKeys_list: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["ApiKeyRecord"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    ApiKeys_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        tenantId: string;
                        name: string;
                        scopes: ("events:write" | "read" | "admin")[];
                        rateLimit: number;
                        createdAt: string;
                        revokedAt: string | null;
                        key: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    ApiKeys_revoke: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyRecord"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    UserTokens_mint: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MintUserTokenDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserTokenView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Events_list: {
        parameters: {
            query?: {
                /** @description The events of this user (the event's subject). */
                userId?: string;
                /** @description The event accepted with this idempotency key. */
                idempotencyKey?: string;
                /** @description Only events of this type. */
                type?: string;
                status?: "queued" | "processed" | "failed_retrying" | "dead_lettered";
                /** @description Event time at or after (ISO 8601). */
                from?: string;
                /** @description Event time before (ISO 8601). */
                to?: string;
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: {
                            id: string;
                            /** @enum {string} */
                            status: "queued" | "processed" | "failed_retrying" | "dead_lettered";
                            receivedAt: string;
                            outcomes: {
                                awards?: unknown[];
                                skipped?: {
                                    ruleId: string;
                                    reason: string;
                                }[];
                                unlocks?: unknown[];
                                corrections?: unknown[];
                            } | null;
                            error: {
                                class: string;
                                message: string;
                                attempts: number;
                                stage: string;
                            } | null;
                            event: {
                                /** @description Questline's event id (UUID). Stable across redeliveries and replays. */
                                id: string;
                                /** @description Canonical event type, e.g. `knowledge.answer.accepted`. */
                                type: string;
                                /** @description Version of the JSON Schema the payload was validated against. */
                                schemaVersion: number;
                                tenantId: string;
                                /** @description The user the event is about (the actor). Awards may go to other users named in the payload. */
                                userId: string;
                                /** @description Event time (ISO-8601). Windows, caps and streaks use this, never receivedAt. */
                                occurredAt: string;
                                /** @description Ingest time (ISO-8601). */
                                receivedAt: string;
                                /** @description Producing service or module. */
                                source: string;
                                /** @description Unique per tenant; a second event with the same key is a duplicate. */
                                idempotencyKey: string;
                                /** @description The producer's own event id (event_id, CloudEvents id...), when it sent one. */
                                externalId?: string;
                                correlationId?: string;
                                causationId?: string;
                                traceId?: string;
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** @description Producer metadata kept for audit: the dialect, rule_version, batch_job_id, producer id, upcastFrom... */
                                meta: {
                                    [key: string]: unknown;
                                };
                            };
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Events_accept: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description Stored and published (or a duplicate: the original id and status) */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "2b0c…",
                     *       "status": "queued",
                     *       "duplicate": false
                     *     }
                     */
                    "application/json": components["schemas"]["AcceptEventResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            /** @description No, unknown or revoked API key */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Key lacks events:write or names another tenant */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            /** @description Refused: problem+json with a code and JSON pointers */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            /** @description Rate limit of the key exceeded (Retry-After) */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/problem+json": components["schemas"]["ProblemDetails"];
                };
            };
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Events_acceptBatch: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    events: {
                        [key: string]: unknown;
                    }[];
                };
            };
        };
        responses: {
            /** @description OK */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "accepted": 1,
                     *       "duplicates": 0,
                     *       "rejected": 1,
                     *       "results": [
                     *         {
                     *           "index": 0,
                     *           "id": "2b0c…",
                     *           "status": "queued",
                     *           "duplicate": false
                     *         },
                     *         {
                     *           "index": 1,
                     *           "error": {
                     *             "type": "https://questline.dev/problems/schema-validation-failed",
                     *             "title": "Unprocessable Content",
                     *             "status": 422,
                     *             "detail": "The event does not match knowledge.answer.accepted v1.",
                     *             "instance": "/v1/events/batch#/events/1",
                     *             "code": "schema_validation_failed",
                     *             "errors": [
                     *               {
                     *                 "pointer": "/events/1/payload/answer_id",
                     *                 "detail": "must have required property 'answer_id'"
                     *               }
                     *             ]
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        accepted: number;
                        duplicates: number;
                        rejected: number;
                        results: ({
                            index: number;
                            id: string;
                            status: string;
                            duplicate: boolean;
                        } | {
                            index: number;
                            error: components["schemas"]["ProblemDetails"];
                        })[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Events_get: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        /** @enum {string} */
                        status: "queued" | "processed" | "failed_retrying" | "dead_lettered";
                        outcomes: {
                            awards?: unknown[];
                            skipped?: {
                                ruleId: string;
                                reason: string;
                            }[];
                            unlocks?: unknown[];
                            corrections?: unknown[];
                        } | null;
                        error: {
                            class: string;
                            message: string;
                            attempts: number;
                            stage: string;
                        } | null;
                        event: {
                            /** @description Questline's event id (UUID). Stable across redeliveries and replays. */
                            id: string;
                            /** @description Canonical event type, e.g. `knowledge.answer.accepted`. */
                            type: string;
                            /** @description Version of the JSON Schema the payload was validated against. */
                            schemaVersion: number;
                            tenantId: string;
                            /** @description The user the event is about (the actor). Awards may go to other users named in the payload. */
                            userId: string;
                            /** @description Event time (ISO-8601). Windows, caps and streaks use this, never receivedAt. */
                            occurredAt: string;
                            /** @description Ingest time (ISO-8601). */
                            receivedAt: string;
                            /** @description Producing service or module. */
                            source: string;
                            /** @description Unique per tenant; a second event with the same key is a duplicate. */
                            idempotencyKey: string;
                            /** @description The producer's own event id (event_id, CloudEvents id...), when it sent one. */
                            externalId?: string;
                            correlationId?: string;
                            causationId?: string;
                            traceId?: string;
                            payload: {
                                [key: string]: unknown;
                            };
                            /** @description Producer metadata kept for audit: the dialect, rule_version, batch_job_id, producer id, upcastFrom... */
                            meta: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    DeadLetters_list: {
        parameters: {
            query?: {
                status?: "pending" | "replayed" | "discarded";
                /** @description Root key only: one tenant's dead letters. */
                tenant?: string;
                limit?: number;
                cursor?: string;
                topic?: string;
                errorClass?: "VALIDATION" | "BUSINESS_RULE" | "DATABASE" | "NETWORK" | "AUTHORIZATION" | "INTERNAL" | "UNKNOWN";
                from?: string;
                to?: string;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["DeadLetter"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    DeadLetters_get: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeadLetter"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    DeadLetters_replay: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReplayDeadLettersDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dryRun: boolean;
                        matched: number;
                        replayed: number;
                        items: {
                            tenantId: string | null;
                            id: string;
                            /** @enum {string} */
                            errorClass: "VALIDATION" | "BUSINESS_RULE" | "DATABASE" | "NETWORK" | "AUTHORIZATION" | "INTERNAL" | "UNKNOWN";
                            originTopic: string;
                            groupId: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    DeadLetters_discard: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DiscardDeadLettersDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        discarded: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Consents_get: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        consents: {
                            [key: string]: {
                                granted: boolean;
                                updatedAt: string;
                            };
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Consents_put: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConsentsDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        consents: {
                            [key: string]: {
                                granted: boolean;
                                updatedAt: string;
                            };
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    UserData_export: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UserExport"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    UserData_delete: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeletionReceipt"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Retention_run: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RetentionRunDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RetentionReport"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Packs_validate: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PackSourceDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        valid: boolean;
                        version: number;
                        rules: number;
                        currencies: string[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Packs_list: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["PackVersionView"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Packs_upload: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PackSourceDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PackVersionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Packs_export: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        version: number;
                        status: string;
                        uploadedBy: string;
                        uploadedAt: string;
                        activatedAt: string | null;
                        rules: number;
                        /** @description How many registry files (dialects, namespaces, schemas) the version carries. */
                        registryFiles: number;
                        source: string;
                        registry: {
                            [key: string]: string;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Packs_activate: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                version: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PackVersionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Packs_rollback: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PackVersionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Rescore_run: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RescoreDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RescoreResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Reversal_reverse: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ReverseEventsDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReverseResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Progress_view: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        timezone: string;
                        streaks: components["schemas"]["StreakView"][];
                        missions: {
                            date: string;
                            assigned: components["schemas"]["QuestView"][];
                        };
                        quests: components["schemas"]["QuestView"][];
                        counters: {
                            id: string;
                            name: string;
                            value: number;
                            reached: number[];
                            nextMilestone: number | null;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Progress_metrics: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        timezone: string;
                        metrics: {
                            id: string;
                            name: string;
                            /** @enum {string} */
                            kind: "count" | "sum" | "distinct";
                            /** @enum {string} */
                            per: "day" | "week" | "month" | "all";
                            period: string;
                            value: number;
                            reached: number[];
                            nextMilestone: number | null;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Progress_caps: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        timezone: string;
                        caps: {
                            max: number;
                            used: number;
                            left: number;
                            from: string;
                            to: string;
                            hours?: number;
                            id: string;
                            /** @enum {string} */
                            kind: "cap" | "rule";
                            label: string;
                            currency: string;
                            rules: string[];
                            /** @enum {string} */
                            window: "day" | "week" | "month" | "rolling";
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Progress_repair: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
                streakId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StreakView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Users_getProfile: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Users_getLedger: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                currency?: string;
                kind?: "earn" | "spend" | "expire" | "refund" | "adjust" | "compensate";
                /** @description Event time at or after (ISO 8601). */
                from?: string;
                /** @description Event time before (ISO 8601). */
                to?: string;
                /** @description Only the entries of this event (what it paid or charged this user, and any corrections of it). */
                eventId?: string;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        entries: components["schemas"]["LedgerEntryView"][];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Users_spend: {
        parameters: {
            query?: never;
            header: {
                /** @description One key per intended operation (1–200 visible ASCII characters): a repeat answers the first result with 200 and writes nothing. */
                "Idempotency-Key": string;
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SpendDto"];
            };
        };
        responses: {
            /** @description A repeat of an earlier spend (same Idempotency-Key): its first answer, nothing written */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpendResult"];
                };
            };
            /** @description Debited */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpendResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Users_refund: {
        parameters: {
            query?: never;
            header: {
                /** @description One key per intended operation (1–200 visible ASCII characters): a repeat answers the first result with 200 and writes nothing. */
                "Idempotency-Key": string;
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RefundDto"];
            };
        };
        responses: {
            /** @description A repeat of an earlier refund (same Idempotency-Key): its first answer, nothing written */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpendResult"];
                };
            };
            /** @description Credited back */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SpendResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Rewards_list: {
        parameters: {
            query?: {
                /** @description Answer for this user too: whether they can afford it, are eligible, and how many they hold. */
                userId?: string;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["RewardOffer"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Redemptions_list: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        redemptions: components["schemas"]["RedemptionView"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Redemptions_redeem: {
        parameters: {
            query?: never;
            header: {
                /** @description One key per intended redemption (1–200 visible ASCII characters): a repeat answers the first result with 200 and writes nothing. */
                "Idempotency-Key": string;
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RedeemDto"];
            };
        };
        responses: {
            /** @description A repeat of an earlier redemption (same Idempotency-Key): its first answer, nothing written */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        replayed: boolean;
                        redemption: components["schemas"]["RedemptionView"];
                    };
                };
            };
            /** @description Redeemed (finalized, or started until fulfilled) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        replayed: boolean;
                        redemption: components["schemas"]["RedemptionView"];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    RewardsAdmin_putItem: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                itemId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RewardItemDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RewardItem"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    RewardsAdmin_adjustStock: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                itemId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["StockDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RewardItem"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    RewardsAdmin_confirm: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                redemptionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SettleDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedemptionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    RewardsAdmin_fail: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                redemptionId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SettleDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RedemptionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Adjustments_adjust: {
        parameters: {
            query?: never;
            header: {
                /** @description One key per intended adjustment (1–200 visible ASCII characters): a repeat answers the first result with 200 and writes nothing. */
                "Idempotency-Key": string;
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AdjustmentDto"];
            };
        };
        responses: {
            /** @description A repeat of an earlier adjustment (same Idempotency-Key): its first answer, nothing written */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdjustmentResult"];
                };
            };
            /** @description Adjusted */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AdjustmentResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leaderboards_top: {
        parameters: {
            query?: {
                limit?: number;
                cursor?: string;
                /** @description all-time (the default where the board keeps it, else the first window it declares), daily, weekly, monthly or season. */
                window?: string;
                /** @description `all`, `d2026-11-24`, `w2026-11-23` (first day of the week), `m2026-11`, `s<season id>`; default: the current period. */
                period?: string;
                /** @description `global` (default) or `<dimension>:<value>`, e.g. `community:42`, for a board ranked within that dimension. */
                scope?: string;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                board: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LeaderboardPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leaderboards_rank: {
        parameters: {
            query?: {
                /** @description Neighbours either side (default 0). */
                around?: number;
                /** @description all-time (the default where the board keeps it, else the first window it declares), daily, weekly, monthly or season. */
                window?: string;
                /** @description `all`, `d2026-11-24`, `w2026-11-23` (first day of the week), `m2026-11`, `s<season id>`; default: the current period. */
                period?: string;
                /** @description `global` (default) or `<dimension>:<value>`, e.g. `community:42`, for a board ranked within that dimension. */
                scope?: string;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                board: string;
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        board: string;
                        /** @enum {string} */
                        window: "all-time" | "daily" | "weekly" | "monthly" | "season";
                        period: string;
                        scope: string;
                        /** @enum {string} */
                        status: "running" | "ended" | "computed" | "published" | "locked";
                        userId: string;
                        rank: number;
                        score: number;
                        neighbours: {
                            rank: number;
                            userId: string;
                            score: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leaderboards_ranks: {
        parameters: {
            query?: {
                /** @description `global` (default) or `<dimension>:<value>` (`tag:python`): the user's ranks on that scope of every board ranked within the dimension. */
                scope?: string;
                /** @description A dimension (`tag`): the user's ranks on each value of it they have points under, their top values (by all-time points) first. Not with `scope`. */
                dimension?: string;
                /** @description With `dimension`: how many of the user's values (default 10). */
                limit?: number;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        ranks: {
                            board: string;
                            /** @enum {string} */
                            window: "all-time" | "daily" | "weekly" | "monthly" | "season";
                            period: string;
                            scope: string;
                            rank: number;
                            score: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leaderboards_runPeriods: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RunPeriodsDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        moved: {
                            computed: number;
                            published: number;
                            locked: number;
                        };
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leaderboards_exclusions: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: components["schemas"]["Exclusion"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leaderboards_exclude: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ExclusionDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        exclusion: components["schemas"]["Exclusion"];
                        boards: number;
                        reranked: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leaderboards_include: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        included: boolean;
                        boards: number;
                        reranked: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leaderboards_setVisibility: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["VisibilityDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        visible: boolean;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leaderboards_rebuildAll: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        boards: number;
                        members: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leaderboards_rebuild: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                board: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["BoardPeriodDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RebuildResult"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leaderboards_reconcile: {
        parameters: {
            query?: {
                /** @description all-time (the default where the board keeps it, else the first window it declares), daily, weekly, monthly or season. */
                window?: string;
                /** @description `all`, `d2026-11-24`, `w2026-11-23` (first day of the week), `m2026-11`, `s<season id>`; default: the current period. */
                period?: string;
                /** @description `global` (default) or `<dimension>:<value>`, e.g. `community:42`, for a board ranked within that dimension. */
                scope?: string;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                board: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        board: string;
                        /** @enum {string} */
                        window: "all-time" | "daily" | "weekly" | "monthly" | "season";
                        period: string;
                        scope: string;
                        /**
                         * @description `redis` for a running or ended period, `standings` for a published or locked one.
                         * @enum {string}
                         */
                        compared: "standings" | "redis";
                        checked: number;
                        drift: components["schemas"]["Drift"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leagues_view: {
        parameters: {
            query?: {
                /** @description The week (`w` + its first day, e.g. `w2026-11-23`); default: this week. */
                week?: string;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
                league: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "not_joined";
                        tier: string;
                        cohort: null;
                        rank: null;
                        score: null;
                        outcome: null;
                        standings: unknown[];
                        league: string;
                        name: string;
                        week: string;
                        userId: string;
                        tiers: string[];
                        promote: number;
                        demote: number;
                    } | {
                        /** @constant */
                        status: "settled";
                        tier: string;
                        cohort: number;
                        rank: number | null;
                        score: number | null;
                        /** @enum {string} */
                        outcome: "promoted" | "demoted" | "stayed";
                        nextTier: string;
                        standings: {
                            userId: string;
                            rank: number | null;
                            score: number | null;
                            /** @enum {string|null} */
                            outcome: "promoted" | "demoted" | "stayed" | null;
                        }[];
                        league: string;
                        name: string;
                        week: string;
                        userId: string;
                        tiers: string[];
                        promote: number;
                        demote: number;
                    } | {
                        /** @enum {string} */
                        status: "running" | "settling";
                        tier: string;
                        cohort: number;
                        rank: number | null;
                        score: number;
                        outcome: null;
                        standings: {
                            userId: string;
                            rank: number;
                            score: number;
                        }[];
                        league: string;
                        name: string;
                        week: string;
                        userId: string;
                        tiers: string[];
                        promote: number;
                        demote: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leagues_settle: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        settled: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Leagues_settleWeek: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                league: string;
                week: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        settled: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    BoardStreams_stream: {
        parameters: {
            query?: {
                /** @description A user token, for clients that cannot send an Authorization header (EventSource). API keys are refused here. */
                access_token?: string;
                /** @description Resume after this event id, for clients that cannot send a Last-Event-ID header. */
                lastEventId?: string;
                /** @description How many of the top to push (default 10). */
                top?: number;
                /** @description Also push this user's own rank (a user token: always its own user). */
                userId?: string;
                /** @description all-time (the default where the board keeps it, else the first window it declares), daily, weekly, monthly or season. */
                window?: string;
                /** @description `all`, `d2026-11-24`, `w2026-11-23` (first day of the week), `m2026-11`, `s<season id>`; default: the current period. */
                period?: string;
                /** @description `global` (default) or `<dimension>:<value>`, e.g. `community:42`, for a board ranked within that dimension. */
                scope?: string;
            };
            header?: {
                /** @description Resume after this event id (an EventSource sends it by itself on reconnect). */
                "Last-Event-ID"?: string;
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                board: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream (text/event-stream) that stays open */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Analytics_summary: {
        parameters: {
            query?: {
                /** @description First local day (the pack's time zone), `YYYY-MM-DD`; default: 29 days before `to`. */
                from?: string;
                /** @description Last local day, included; default: today. */
                to?: string;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                        days: components["schemas"]["SummaryDay"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Analytics_missions: {
        parameters: {
            query?: {
                /** @description First local day (the pack's time zone), `YYYY-MM-DD`; default: 29 days before `to`. */
                from?: string;
                /** @description Last local day, included; default: today. */
                to?: string;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                        rows: components["schemas"]["MissionDay"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Analytics_retention: {
        parameters: {
            query?: {
                /** @description First local day (the pack's time zone), `YYYY-MM-DD`; default: 29 days before `to`. */
                from?: string;
                /** @description Last local day, included; default: today. */
                to?: string;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                        cohorts: components["schemas"]["RetentionCohort"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Analytics_distribution: {
        parameters: {
            query?: {
                /** @description Histogram buckets (equal width over 0 … the largest lifetime balance). */
                buckets?: number;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                currency: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DistributionView"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Analytics_live: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LiveFigures"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Analytics_users: {
        parameters: {
            query?: {
                /** @description The start of a user id ('' lists from the first). */
                prefix?: string;
                limit?: number;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        users: {
                            userId: string;
                            balances: {
                                [key: string]: number;
                            };
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Analytics_streaks: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        streaks: {
                            streak: string;
                            longest: number;
                            users: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Analytics_daily: {
        parameters: {
            query?: {
                /** @description First local day (the pack's time zone), `YYYY-MM-DD`; default: 29 days before `to`. */
                from?: string;
                /** @description Last local day, included; default: today. */
                to?: string;
                /** @description Only this dimension value (an event type, a currency, `xp/<rule id>`, `community:42`…). */
                dimension?: string;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                metric: "events" | "dau" | "points_earned" | "points_net" | "points_by_rule" | "earners" | "active_by_scope" | "points_by_scope" | "unlocks" | "missions_completed" | "missions_completed_users" | "missions_avg_seconds" | "missions_completed_by_scope" | "quests_completed" | "quests_completed_users" | "quests_avg_seconds" | "redemptions" | "redemption_cost";
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                        /** @enum {string} */
                        metric: "events" | "dau" | "points_earned" | "points_net" | "points_by_rule" | "earners" | "active_by_scope" | "points_by_scope" | "unlocks" | "missions_completed" | "missions_completed_users" | "missions_avg_seconds" | "missions_completed_by_scope" | "quests_completed" | "quests_completed_users" | "quests_avg_seconds" | "redemptions" | "redemption_cost";
                        rows: components["schemas"]["DailyRow"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    AnalyticsAdmin_recompute: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecomputeDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        from: string;
                        to: string;
                        days: number;
                        rows: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Achievements_list: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        achievements: {
                            unlockedAt: string;
                            sourceEventId: string;
                            ruleVersion: number;
                            /** @description Which occurrence of a repeatable achievement (its period, day or instance); null for a once-only one. */
                            occurrence: string | null;
                            /** @description The criterion values that caused the unlock (`current`, `target`, and `parts` of a combination); null for unlocks before this was kept. */
                            basis: {
                                [key: string]: unknown;
                            } | null;
                            name: string;
                            description: string | null;
                            class: string | null;
                            id: string;
                        }[];
                        /**
                         * @description Achievements not unlocked yet (secret ones, and time-limited ones whose window has closed, left out): `current` of `target` in the criterion's unit and the percentage;
                         *     `parts` for `all` / `any`.
                         */
                        inProgress: {
                            parts?: {
                                current: number;
                                target: number;
                            }[];
                            id: string;
                            name: string;
                            description: string | null;
                            class: string | null;
                            current: number;
                            target: number;
                            percent: number;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    AchievementCatalogue_list: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        users: number;
                        achievements: components["schemas"]["CatalogueEntry"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    AchievementsAdmin_grant: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
                achievementId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AchievementReasonDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        granted: boolean;
                        achievementId: string;
                        sourceEventId: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    AchievementsAdmin_revoke: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
                achievementId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AchievementReasonDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        revoked: true;
                        achievementId: string;
                        clawback: boolean;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    AchievementsBatch_evaluate: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                achievementId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EvaluateDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        achievementId: string;
                        dryRun: boolean;
                        usersEvaluated: number;
                        qualifying: number;
                        unlocked: number;
                        sample: string[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Notifications_list: {
        parameters: {
            query?: {
                limit?: number;
                /** @description `nextCursor` of the previous page. */
                cursor?: string;
                /** @description `true`: unread notifications only (`false`, the default: all); anything else is a 422, not a silent `false`. */
                unread?: boolean;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["FeedPage"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Notifications_markRead: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MarkReadDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        userId: string;
                        marked: number;
                        unread: number;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Notifications_getPreferences: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Kinds never recorded (`streak.*` mutes a family, `*` everything). */
                        muted: string[];
                        inApp: boolean;
                        webhook: boolean;
                        /** @description The locale titles are written in (else the pack's default). */
                        locale: string | null;
                        userId: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Notifications_setPreferences: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PreferencesDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Kinds never recorded (`streak.*` mutes a family, `*` everything). */
                        muted: string[];
                        inApp: boolean;
                        webhook: boolean;
                        /** @description The locale titles are written in (else the pack's default). */
                        locale: string | null;
                        userId: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Streams_stream: {
        parameters: {
            query?: {
                /** @description A user token, for clients that cannot send an Authorization header (EventSource). API keys are refused here. */
                access_token?: string;
                /** @description Resume after this event id, for clients that cannot send a Last-Event-ID header. */
                lastEventId?: string;
            };
            header?: {
                /** @description Resume after this event id (an EventSource sends it by itself on reconnect). */
                "Last-Event-ID"?: string;
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An event stream (text/event-stream) that stays open */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Webhooks_list: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: string;
                            url: string;
                            description: string;
                            kinds: string[];
                            enabled: boolean;
                            disabledReason: string | null;
                            failingSince: string | null;
                            secrets: {
                                id: string;
                                createdAt: string;
                                expiresAt: string | null;
                            }[];
                            createdAt: string;
                            updatedAt: string;
                        }[];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Webhooks_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookDto"];
            };
        };
        responses: {
            /** @description Created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        secret: string;
                        id: string;
                        url: string;
                        description: string;
                        kinds: string[];
                        enabled: boolean;
                        disabledReason: string | null;
                        failingSince: string | null;
                        secrets: {
                            id: string;
                            createdAt: string;
                            expiresAt: string | null;
                        }[];
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Webhooks_get: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        description: string;
                        kinds: string[];
                        enabled: boolean;
                        disabledReason: string | null;
                        failingSince: string | null;
                        secrets: {
                            id: string;
                            createdAt: string;
                            expiresAt: string | null;
                        }[];
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Webhooks_remove: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        deleted: boolean;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Webhooks_update: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        url: string;
                        description: string;
                        kinds: string[];
                        enabled: boolean;
                        disabledReason: string | null;
                        failingSince: string | null;
                        secrets: {
                            id: string;
                            createdAt: string;
                            expiresAt: string | null;
                        }[];
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Webhooks_rotate: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RotateSecretDto"];
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        secret: string;
                        id: string;
                        url: string;
                        description: string;
                        kinds: string[];
                        enabled: boolean;
                        disabledReason: string | null;
                        failingSince: string | null;
                        secrets: {
                            id: string;
                            createdAt: string;
                            expiresAt: string | null;
                        }[];
                        createdAt: string;
                        updatedAt: string;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["ContentTooLarge"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Webhooks_deliveries: {
        parameters: {
            query?: {
                status?: "pending" | "succeeded" | "failed";
                cursor?: string;
                limit?: number;
            };
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        endpointId: string;
                        items: {
                            id: string;
                            endpointId: string;
                            /** @description The `webhook-id`: the same on every attempt. */
                            messageId: string;
                            kind: string;
                            payload: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            status: "pending" | "succeeded" | "failed";
                            attempts: number;
                            nextAttemptAt: string | null;
                            createdAt: string;
                            deliveredAt: string | null;
                            lastAttempt: components["schemas"]["WebhookAttempt"] | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Webhooks_delivery: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                id: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: string;
                        endpointId: string;
                        /** @description The `webhook-id`: the same on every attempt. */
                        messageId: string;
                        kind: string;
                        payload: {
                            [key: string]: unknown;
                        };
                        /** @enum {string} */
                        status: "pending" | "succeeded" | "failed";
                        attempts: number;
                        nextAttemptAt: string | null;
                        createdAt: string;
                        deliveredAt: string | null;
                        attemptLog: components["schemas"]["WebhookAttempt"][];
                    };
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    Webhooks_redeliver: {
        parameters: {
            query?: never;
            header?: {
                /** @description With the root key: the tenant this request acts on (required for tenant routes). With a tenant key: absent, or that key's own tenant (403 `tenant_mismatch` otherwise). */
                "X-Questline-Tenant"?: string;
            };
            path: {
                id: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["UnprocessableContent"];
            429: components["responses"]["TooManyRequests"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
}
