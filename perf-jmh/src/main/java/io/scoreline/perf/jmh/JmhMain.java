package io.scoreline.perf.jmh;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks of this package with short settings (fork 1, warm-up 2 x 2 s, measurement
 * 3 x 2 s, one thread): {@code java -cp <perf classpath> io.scoreline.perf.jmh.JmhMain [regex]}.
 * The regex selects benchmarks (default: all of this package), e.g. {@code Parser} or
 * {@code Leaderboard.*skipList}. See perf-jmh/JMH.md.
 */
public final class JmhMain
{
    /** The forked JVM's flags, as bin/scorer runs the service. */
    static final String[] JVM_ARGS = {
        "-Xmx2g", "-XX:+UseParallelGC",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true"};

    private JmhMain()
    {
    }

    public static void main(final String[] args) throws RunnerException
    {
        final String regex = args.length > 0 ? args[0] : JmhMain.class.getPackageName() + "\\..*Benchmark";
        final Options options = new OptionsBuilder()
            .include(regex)
            .forks(1)
            .warmupIterations(2)
            .warmupTime(TimeValue.seconds(2))
            .measurementIterations(3)
            .measurementTime(TimeValue.seconds(2))
            .threads(1)
            .jvmArgsAppend(JVM_ARGS)
            .build();
        new Runner(options).run();
    }
}
