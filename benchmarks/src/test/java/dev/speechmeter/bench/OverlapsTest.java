package dev.speechmeter.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.speechmeter.bench.Overlaps.Interval;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlapsTest {

    /** [0, 10), [5, 20), [10, 15), [30, 40): two open from 5 to 15, one from 15 to 20, none from 20 to 30. */
    private final Overlaps overlaps = Overlaps.of(List.of(new Interval(0, 10), new Interval(5, 20),
            new Interval(10, 15), new Interval(30, 40)));

    @Test
    void anIntervalEndingWhereAnotherStartsDoesNotOverlapIt() {
        assertThat(overlaps.at(9)).isEqualTo(2);
        assertThat(overlaps.at(10)).isEqualTo(2);
        assertThat(overlaps.at(15)).isEqualTo(1);
        assertThat(overlaps.at(20)).isZero();
        assertThat(overlaps.at(40)).isZero();
        assertThat(overlaps.at(-1)).isZero();
    }

    @Test
    void theHighestCountsWhatWasOpenWhenTheSpanBegan() {
        assertThat(overlaps.highest(0, 40)).isEqualTo(2);
        assertThat(overlaps.highest(12, 13)).isEqualTo(2);
        assertThat(overlaps.highest(15, 30)).isEqualTo(1);
        assertThat(overlaps.highest(20, 30)).isZero();
        assertThat(overlaps.highest(25, 31)).isEqualTo(1);
    }

    @Test
    void runsAboveALimitShorterThanTheirMinimumAreLeftOut() {
        assertThat(overlaps.above(1, 10)).containsExactly(new Interval(5, 15));
        assertThat(overlaps.above(1, 11)).isEmpty();
        assertThat(overlaps.above(0, 10)).containsExactly(new Interval(0, 20), new Interval(30, 40));
        assertThat(overlaps.above(0, 15)).containsExactly(new Interval(0, 20));
    }

    @Test
    void manyStartingAtOnceCountTogether() {
        Overlaps burst = Overlaps.of(List.of(new Interval(0, 5), new Interval(5, 9), new Interval(5, 9),
                new Interval(5, 6)));
        assertThat(burst.at(5)).isEqualTo(3);
        assertThat(burst.highest(0, 10)).isEqualTo(3);
        assertThat(burst.above(2, 1)).containsExactly(new Interval(5, 6));
    }
}
