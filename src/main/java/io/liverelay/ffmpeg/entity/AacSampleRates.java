package io.liverelay.ffmpeg.entity;

import java.util.List;

/**
 * The sample rates AAC has (ISO 14496-3's table; ffmpeg's encoder refuses any other). A client may ask for any
 * rate in the relay's range: 44000 must not pass the checks and then end in ffmpeg's failure.
 */
public final class AacSampleRates {

    public static final List<Integer> RATES = List.of(96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050,
            16000, 12000, 11025, 8000, 7350);

    private AacSampleRates() {
    }

    /** The AAC rate nearest to {@code hertz}; of two equally near, the higher. */
    public static int nearest(int hertz) {
        int best = RATES.get(0);
        for (int rate : RATES) {
            if (Math.abs(rate - hertz) < Math.abs(best - hertz)
                    || Math.abs(rate - hertz) == Math.abs(best - hertz) && rate > best) {
                best = rate;
            }
        }
        return best;
    }
}
