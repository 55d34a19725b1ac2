package io.liverelay.ingest.entity;

import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What is known of a connection when it opens: who, from where, with which URL parameters. */
public record StreamContext(String remoteAddress, Principal principal, Map<String, List<String>> parameters,
        Instant openedAt) {
}
