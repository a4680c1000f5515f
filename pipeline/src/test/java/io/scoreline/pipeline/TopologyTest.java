package io.scoreline.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopologyTest
{
    @Test
    void autoIsInlineOnOneCoreFusedOnTwoUpToStagesAndStagedWithACorePerStageAndTheProducer()
    {
        assertEquals(Topology.INLINE, Topology.AUTO.resolve(4, 1));
        assertEquals(Topology.FUSED, Topology.AUTO.resolve(4, 2));
        assertEquals(Topology.FUSED, Topology.AUTO.resolve(4, 4));
        assertEquals(Topology.STAGED, Topology.AUTO.resolve(4, 5));
        assertEquals(Topology.STAGED, Topology.AUTO.resolve(3, 4));
    }

    @Test
    void aNamedTopologyIsKeptWhateverTheCores()
    {
        assertEquals(Topology.INLINE, Topology.named("inline").resolve(4, 8));
        assertEquals(Topology.STAGED, Topology.named("staged").resolve(4, 1));
        assertEquals(Topology.FUSED, Topology.named("fused").resolve(4, 16));
        assertThrows(IllegalArgumentException.class, () -> Topology.named("threaded"));
    }
}
