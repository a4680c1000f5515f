package io.scoreline.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.concurrent.TimeUnit;

/**
 * Wait strategies by name. On a 2-core machine the stages (3-5 threads plus the producer)
 * outnumber the cores, so a busy-spinning stage steals the core its upstream needs:
 * <ul>
 *   <li>{@code yielding} (bench, replay): spins briefly then {@code Thread.yield()}s, handing the
 *   core to whichever stage has work. Measured here at ~3x blocking for a 3-stage chain.</li>
 *   <li>{@code phased} (serve, the default there): yields for up to 1 ms after the last event,
 *   then blocks on a lock, so an idle service uses no CPU while a busy one never sleeps.</li>
 *   <li>{@code blocking}: lowest CPU, highest wake-up latency.</li>
 *   <li>{@code busyspin}: only with a core per stage (and {@code --pin}).</li>
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
