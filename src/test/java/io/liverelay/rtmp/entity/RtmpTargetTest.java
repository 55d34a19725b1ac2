package io.liverelay.rtmp.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liverelay.destination.entity.Destination;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RtmpTargetTest {

    private static final InetAddress CHECKED = InetAddress.getLoopbackAddress();

    private static RtmpTarget target(String url, String key) {
        return RtmpTarget.of(new Destination(URI.create(url), key, CHECKED));
    }

    @Test
    void theFirstSegmentIsTheApplicationAndTheRestWithTheQueryIsTheStreamName() {
        RtmpTarget target = target("rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl?backup=1", "abcd-efgh-ijkl?backup=1");
        assertEquals("live2", target.app());
        assertEquals("abcd-efgh-ijkl?backup=1", target.streamName());
        assertEquals("rtmp://a.rtmp.youtube.com:1935/live2", target.tcUrl());
        assertEquals("a.rtmp.youtube.com", target.host());
        assertEquals(1935, target.port());
        assertFalse(target.secure());
        assertEquals(CHECKED, target.address());
    }

    @Test
    void twoSegmentsAreTheApplicationWhenAStreamNameFollowsThemAsFfmpegSplitsIt() {
        RtmpTarget target = target("rtmps://ingest.example.com:4443/app/instance/key123", "instance/key123");
        assertEquals("app/instance", target.app());
        assertEquals("key123", target.streamName());
        assertEquals("rtmps://ingest.example.com:4443/app/instance", target.tcUrl());
        assertTrue(target.secure());
        assertEquals(4443, target.port());
    }

    @Test
    void aColonBeforeTheNextSlashMakesItAPlayPathOfAOneSegmentApplication() {
        RtmpTarget target = target("rtmp://h.example/vod/mp4:clips/one", "mp4:clips/one");
        assertEquals("vod", target.app());
        assertEquals("mp4:clips/one", target.streamName());
    }

    @Test
    void rtmpsWithoutAPortUses443AndTheTcUrlIsTheDestinations() {
        Destination destination = new Destination(URI.create("rtmps://live.twitch.tv/app/live_123_secret"),
                "live_123_secret", CHECKED);
        RtmpTarget target = RtmpTarget.of(destination);
        assertEquals(443, target.port());
        assertEquals(destination.tcUrl(), target.tcUrl());
    }

    @Test
    void toStringMasksTheStreamName() {
        RtmpTarget target = target("rtmp://h.example/live/sk_live_0123456789abcdef?token=zzz", "x");
        String text = target.toString();
        assertFalse(text.contains("0123456789"), text);
        assertFalse(text.contains("token"), text);
        assertTrue(text.contains("rtmp://h.example:1935/live"), text);
        assertTrue(text.contains("sk…zz"), text);
        assertEquals("refused sk…zz and sk…zz", target.redact("refused sk_live_0123456789abcdef?token=zzz and "
                + "sk_live_0123456789abcdef"));
    }

    @Test
    void aDestinationNotYetCheckedOrWithoutAStreamNameIsNoTarget() {
        assertThrows(IllegalArgumentException.class,
                () -> RtmpTarget.of(new Destination(URI.create("rtmp://h/live/key"), "key")));
        assertThrows(IllegalArgumentException.class, () -> target("rtmp://h/live/", ""));
    }
}
