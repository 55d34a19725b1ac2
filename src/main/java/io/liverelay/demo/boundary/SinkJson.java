package io.liverelay.demo.boundary;

import io.liverelay.demo.entity.SinkStatus;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.util.Locale;

/**
 * {@code {"state":"receiving","video":{"codec":"h264","profile":"High","width":1280,"height":720,"fps":30},
 * "audio":{"codec":"aac","profile":"LC","sampleRate":48000,"channels":"stereo"},"frames":301,"fps":30.0,
 * "bitrateKbps":2480.5,"seconds":10.0,"speed":1.0,"pictureAt":1795856329215}}; absent parts are left out.
 */
final class SinkJson {

    private static final JsonProvider JSON = JsonProvider.provider();

    private SinkJson() {
    }

    static JsonObject of(SinkStatus status) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("state", status.state().name().toLowerCase(Locale.ROOT))
                .add("frames", status.frames())
                .add("fps", round(status.fps()))
                .add("bitrateKbps", round(status.bitrateKbps()))
                .add("seconds", round(status.seconds()))
                .add("speed", round(status.speed()));
        status.video().ifPresent(v -> json.add("video", JSON.createObjectBuilder()
                .add("codec", v.codec())
                .add("profile", v.profile())
                .add("width", v.width())
                .add("height", v.height())
                .add("fps", round(v.declaredFps()))));
        status.audio().ifPresent(a -> json.add("audio", JSON.createObjectBuilder()
                .add("codec", a.codec())
                .add("profile", a.profile())
                .add("sampleRate", a.sampleRate())
                .add("channels", a.channels())));
        status.pictureAt().ifPresent(at -> json.add("pictureAt", at.toEpochMilli()));
        return json.build();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
