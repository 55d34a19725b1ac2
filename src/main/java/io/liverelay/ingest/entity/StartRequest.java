package io.liverelay.ingest.entity;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * CDI event, the seed's {@code hooks.start}: a browser asked to start a stream. Observers may rewrite the
 * settings (an RTMP URL set here is trusted: the client's URL checks do not apply to it) or refuse the start.
 * A stream may have several destinations: observers may add, replace or remove them; each the browser chose is
 * checked on its own. Observers run synchronously, ordered by {@code @Priority}, before the settings are validated.
 */
public final class StartRequest {

    private final String streamId;
    private final String remoteAddress;
    private final Principal principal;
    private final Map<String, List<String>> parameters;
    private final List<Requested> destinations = new ArrayList<>();
    private String mimeType;
    private Double framerate;
    private Double audioSampleRate;
    private Double audioBitsPerSecond;
    private Double videoBitsPerSecond;
    private Boolean audio;
    private String refusal;
    private Boolean record;

    public StartRequest(String streamId, String remoteAddress, Principal principal,
            Map<String, List<String>> parameters) {
        this.streamId = streamId;
        this.remoteAddress = remoteAddress;
        this.principal = principal;
        this.parameters = Map.copyOf(parameters);
    }

    public String streamId() {
        return streamId;
    }

    public String remoteAddress() {
        return remoteAddress;
    }

    /** The user who opened the WebSocket, when the page was behind a login. */
    public Optional<Principal> principal() {
        return Optional.ofNullable(principal);
    }

    /** The query parameters of the WebSocket URL, e.g. a token the page was given. */
    public Map<String, List<String>> parameters() {
        return parameters;
    }

    /** One destination and who chose it: a URL from the browser passes the client URL rules, one from a hook not. */
    public record Requested(String url, boolean fromServer) {
    }

    /** The first destination: for a stream with one, the seed's {@code rtmp}. */
    public Optional<String> rtmp() {
        return destinations.isEmpty() ? Optional.empty() : Optional.ofNullable(destinations.get(0).url());
    }

    /** Sets the only destination on the server's authority: it is not checked against the client URL rules. */
    public void setRtmp(String rtmp) {
        destinations.clear();
        destinations.add(new Requested(rtmp, true));
    }

    /** True when a hook, not the browser, chose the (first) destination. */
    public boolean rtmpFromServer() {
        return !destinations.isEmpty() && destinations.get(0).fromServer();
    }

    /** Every destination in order, the browser's and the hooks'. */
    public List<Requested> destinations() {
        return List.copyOf(destinations);
    }

    /** Adds a destination on the server's authority (a user's saved channel, say) after the others. */
    public void addDestination(String rtmp) {
        destinations.add(new Requested(Objects.requireNonNull(rtmp, "rtmp"), true));
    }

    /** Removes every destination with this URL; true when there was one. */
    public boolean removeDestination(String rtmp) {
        return destinations.removeIf(requested -> requested.url().equals(rtmp));
    }

    /** Replaces every destination with these, on the server's authority. */
    public void setDestinations(List<String> rtmp) {
        destinations.clear();
        rtmp.forEach(this::addDestination);
    }

    public Optional<String> mimeType() {
        return Optional.ofNullable(mimeType);
    }

    public Optional<Double> framerate() {
        return Optional.ofNullable(framerate);
    }

    public void setFramerate(double framerate) {
        this.framerate = framerate;
    }

    public Optional<Double> audioSampleRate() {
        return Optional.ofNullable(audioSampleRate);
    }

    public void setAudioSampleRate(double audioSampleRate) {
        this.audioSampleRate = audioSampleRate;
    }

    public Optional<Double> audioBitsPerSecond() {
        return Optional.ofNullable(audioBitsPerSecond);
    }

    public void setAudioBitsPerSecond(double audioBitsPerSecond) {
        this.audioBitsPerSecond = audioBitsPerSecond;
    }

    public Optional<Double> videoBitsPerSecond() {
        return Optional.ofNullable(videoBitsPerSecond);
    }

    public void setVideoBitsPerSecond(double videoBitsPerSecond) {
        this.videoBitsPerSecond = videoBitsPerSecond;
    }

    /** Whether the server records this stream (when its operator set relay.recording.dir); unset means yes. */
    public Optional<Boolean> record() {
        return Optional.ofNullable(record);
    }

    /** A hook decides per stream whether to record it; the browser cannot. */
    public void setRecord(boolean record) {
        this.record = record;
    }

    /** Whether the recording has sound, as the browser said; empty when it did not say (then it is assumed). */
    public Optional<Boolean> audio() {
        return Optional.ofNullable(audio);
    }

    /**
     * With {@code false} the relay adds a silent AAC track. {@code true} cannot give sound to a recording whose
     * mimeType names codecs and no audio codec: what the recorder made is what ffmpeg reads.
     */
    public void setAudio(boolean audio) {
        this.audio = audio;
    }

    /** Refuses the start; the browser gets {@code START_REFUSED} with this message. Later hooks still run. */
    public void refuse(String message) {
        this.refusal = message == null || message.isBlank() ? "The start was refused." : message;
    }

    public Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    /** Fills the values the browser sent; only the relay calls this, before any hook runs. */
    public void fromClient(List<String> rtmp, String mimeType, Double framerate, Double audioSampleRate,
            Double audioBitsPerSecond, Double videoBitsPerSecond, Boolean audio) {
        destinations.clear();
        rtmp.forEach(url -> destinations.add(new Requested(url, false)));
        this.mimeType = mimeType;
        this.framerate = framerate;
        this.audioSampleRate = audioSampleRate;
        this.audioBitsPerSecond = audioBitsPerSecond;
        this.videoBitsPerSecond = videoBitsPerSecond;
        this.audio = audio;
    }
}
