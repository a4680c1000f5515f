package io.scoreline.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.concurrent.TimeUnit;

/**
 * Wait strategies by name. On a 2-core machine the stages (3-4 threads plus the producer, and in
 * serve the load's own clients) outnumber the cores, so what matters is that a stage without
 * work gives its core away quickly:
 * <ul>
 *   <li>{@code sleeping} (the default everywhere): spins and yields briefly, then parks ~50 us at
 *   a time. Measured best here for result latency (p50 about 150-300 us over the wire at 2-20k
 *   events/s) and for throughput (bench median 523k vs 527k yielding on JDK 17, 871k vs 515k
 *   on JDK 25; perf/README.md), and an idle service uses little CPU.</li>
 *   <li>{@code yielding}: spins briefly then yields, handing the core to whichever stage has
 *   work.</li>
 *   <li>{@code phased}, {@code phased-short}, {@code blocking}: block on a lock when idle, but in
 *   Disruptor a stage waiting on an upstream stage (not on the producer) busy-spins on that
 *   stage's sequence, which on two cores starves the stage doing the work: measured p50 of
 *   3-12 ms at 5-20k events/s for blocking and phased-short, p99 5-21 ms for phased. Kept for
 *   machines with a core per stage.</li>
 *   <li>{@code busyspin}: only with a core per stage (and thread pinning).</li>
 * </ul>
 */
public final class WaitStrategies
{
    private WaitStrategies()
    {
    }

    public static WaitStrategy named(final String name)
    {
        switch (name)
        {
            case "yielding":
                return new YieldingWaitStrategy();
            case "phased":
                return PhasedBackoffWaitStrategy.withLiteLock(10, 1000, TimeUnit.MICROSECONDS);
            case "phased-short":
                return PhasedBackoffWaitStrategy.withLiteLock(2, 20, TimeUnit.MICROSECONDS);
            case "sleeping":
                return new SleepingWaitStrategy();
            case "blocking":
                return new BlockingWaitStrategy();
            case "busyspin":
                return new BusySpinWaitStrategy();
            default:
                throw new IllegalArgumentException("unknown wait strategy '" + name + "' (yielding, sleeping, phased, blocking, busyspin)");
        }
    }
}
