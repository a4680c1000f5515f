package io.scoreline.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * Wait strategies by {@link WaitKind}. What a waiting stage must do depends on whether it has a core of its
 * own:
 * <ul>
 *   <li>{@code parking} (the default): spin ~20 us where there is a spare core, yield, then park
 *   until the producer or the stage before signals ({@link ParkingWaitStrategy}). An idle
 *   service uses no CPU; a new event costs one unpark.</li>
 *   <li>{@code sleeping}: Disruptor's spin, yield, then park 100 ns at a time (really ~50-100 us
 *   here). Never blocks: four idle stages used 0.62 of a core on this machine.</li>
 *   <li>{@code yielding}, {@code busyspin}: for stages pinned to cores of their own, where
 *   burning those cores is the price of the lowest latency.</li>
 *   <li>{@code blocking}: Disruptor's lock and condition on the cursor; a stage behind another
 *   stage spins on it (LMAX-Exchange/disruptor #222). Kept for comparison.</li>
 * </ul>
 */
public final class WaitStrategies
{
    private WaitStrategies()
    {
    }

    /** @param cores the cores this process may use: {@code parking} spins only if there is one to spare. */
    public static WaitStrategy named(final WaitKind kind, final int cores)
    {
        switch (kind)
        {
            case PARKING:
                return ParkingWaitStrategy.forCores(cores);
            case YIELDING:
                return new YieldingWaitStrategy();
            case SLEEPING:
                return new SleepingWaitStrategy();
            case BLOCKING:
                return new BlockingWaitStrategy();
            case BUSYSPIN:
                return new BusySpinWaitStrategy();
            default:
                throw new IllegalArgumentException("unknown wait strategy " + kind);
        }
    }
}
