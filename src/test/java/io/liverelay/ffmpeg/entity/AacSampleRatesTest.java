package io.liverelay.ffmpeg.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AacSampleRatesTest {

    @ParameterizedTest
    @CsvSource({"44000, 44100", "44100, 44100", "47000, 48000", "8000, 8000", "96000, 96000", "30000, 32000",
        "23000, 22050", "56000, 64000", "80000, 88200"})
    void aRateAacDoesNotHaveBecomesTheNearestItHas(int asked, int encoded) {
        assertEquals(encoded, AacSampleRates.nearest(asked));
    }
}
