package io.liverelay.ingest.control;

import static io.liverelay.ingest.control.ControlPathTest.awaitOrDump;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A client that keeps sending messages the relay cannot use is cut off after a budget of errors (1008,
 * {@code TOO_MANY_ERRORS}) and costs the server log a few lines, not one per message.
 */
class ErrorBudgetTest {

    @Test
    void aClientThatKeepsSendingBadMessagesIsDisconnectedAndLoggedOnce() {
        Logger log = Logger.getLogger(RelayStream.class.getName());
        List<LogRecord> lines = new CopyOnWriteArrayList<>();
        Handler counter = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.INFO.intValue()) {
                    lines.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(counter);
        try (RelayUnderTest relay = new RelayUnderTest(Map.of())) {
            FakeSession bad = relay.connect();
            FakeSession good = relay.connect();
            for (int i = 0; i < 2_000 && bad.isOpen(); i++) {
                relay.text(bad, "not json " + i);
            }
            awaitOrDump(() -> bad.count("TOO_MANY_ERRORS") == 1, "TOO_MANY_ERRORS");
            awaitOrDump(() -> !bad.isOpen(), "disconnected");
            assertEquals(1008, bad.closeReason().getCloseCode().getCode());
            assertTrue(bad.count("INVALID_MESSAGE") <= 21, "errors sent before the cut: " + bad.count("INVALID_MESSAGE"));
            assertTrue(lines.size() <= 4, "log lines for one bad client: " + lines.size());

            relay.text(good, "{\"type\":\"ping\"}"); // another connection is not affected
            relay.text(good, "not json");
            awaitOrDump(() -> good.count("INVALID_MESSAGE") == 1, "the other client still hears its own error");
            assertTrue(good.isOpen());
        } finally {
            log.removeHandler(counter);
        }
    }
}
