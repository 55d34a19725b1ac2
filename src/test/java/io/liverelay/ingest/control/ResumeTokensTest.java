package io.liverelay.ingest.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A stream's resume tokens: random, good once, a replay named as such. */
class ResumeTokensTest {

    @Test
    void aTokenHasAtLeast128RandomBitsAndNoTwoAreAlike() {
        ResumeTokens tokens = new ResumeTokens();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String token = new ResumeTokens().issue();
            assertTrue(Base64.getUrlDecoder().decode(token).length * 8 >= 128, token);
            assertTrue(seen.add(token), "a token came twice");
        }
        assertNotEquals(tokens.issue(), tokens.issue());
    }

    @Test
    void onlyTheLatestTokenIsGoodAndAnEarlierOneIsKnownAsUsed() {
        ResumeTokens tokens = new ResumeTokens();
        String first = tokens.issue();
        assertEquals(ResumeTokens.Verdict.GOOD, tokens.check(first));
        String second = tokens.issue();
        assertEquals(ResumeTokens.Verdict.USED, tokens.check(first));
        assertEquals(ResumeTokens.Verdict.GOOD, tokens.check(second));
        assertEquals(ResumeTokens.Verdict.WRONG, tokens.check(second + "x"));
        assertEquals(ResumeTokens.Verdict.WRONG, tokens.check(new ResumeTokens().issue()));
    }

    @Test
    void beforeAnyTokenNothingIsGood() {
        assertEquals(ResumeTokens.Verdict.WRONG, new ResumeTokens().check("anything"));
    }
}
