package io.hookline.core.internal;

import static org.junit.Assert.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.Test;

public class UnrolledChainSourceTest {

    @Test
    public void theCheckedInTemplateIsTheGeneratorsOutput() throws Exception {
        assertEquals("UnrolledChain.java was edited by hand or the generator changed: run UnrolledChainSource.main",
                UnrolledChainSource.generate(CompiledChain.SEGMENT_LENGTH),
                Files.readString(UnrolledChainSource.FILE, StandardCharsets.UTF_8));
    }
}
