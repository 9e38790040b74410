package org.mljava.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CheckOneDnn's and ConvolutionProbe's logic that needs no native library: arguments, the record
 * the kernel launcher reads, the probe's command, the cases (the comparison rule is
 * org.mljava.helpers.Float32Check's, tested there). The probe itself runs in
 * setup (environment/common.sh, check_onednn); the launcher's use of the record is a kernel check
 * (tests/kernel_checks.py), and ML chapter 17 checks its convolutions against float64.
 */
class CheckOneDnnTest {

    @TempDir
    Path tmp;

    @Test
    void parsesRecordMachineAndCoordinates() {
        CheckOneDnn.Request r = CheckOneDnn.Request.parse("/tmp/onednn.env", "0eca8d1e7ac5bc7b", "ai.djl.pytorch:pytorch-engine:0.36.0");
        assertEquals(Path.of("/tmp/onednn.env"), r.record());
        assertEquals("0eca8d1e7ac5bc7b", r.machine());
        assertEquals(1, r.coordinates().size());
    }

    @Test
    void rejectsWrongArguments() {
        IllegalArgumentException tooFew = assertThrows(IllegalArgumentException.class, () -> CheckOneDnn.Request.parse("r", "0eca8d1e"));
        assertTrue(tooFew.getMessage().contains("at least one coordinate"), tooFew.getMessage());
        for (String machine : new String[] {"", "xyz12345", "0ECA8D1E", "0eca"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckOneDnn.Request.parse("r", machine, "a:b:1"));
            assertTrue(e.getMessage().contains("'" + machine + "'"), e.getMessage());
        }
    }

    @Test
    void recordHasTheLinesTheLauncherMatches() throws IOException {
        Path record = tmp.resolve("cache/mljava/onednn.env");
        CheckOneDnn.writeRecord(record, "0eca8d1e7ac5bc7b", CheckOneDnn.FALLBACK_ISA);
        CheckOneDnn.writeRecord(record, "0eca8d1e7ac5bc7b", CheckOneDnn.FALLBACK_ISA);   // replaced, not appended
        List<String> lines = Files.readAllLines(record);
        // launch.sh: grep -qx "MACHINE=<fingerprint>", then sed 's/^ONEDNN_MAX_CPU_ISA=\([A-Z0-9_]*\)$/\1/p'
        assertEquals(1, lines.stream().filter(l -> l.equals("MACHINE=0eca8d1e7ac5bc7b")).count(), lines.toString());
        Pattern isa = Pattern.compile("^ONEDNN_MAX_CPU_ISA=([A-Z0-9_]*)$");
        assertEquals(List.of("SSE41"), lines.stream().map(isa::matcher).filter(m -> m.matches()).map(m -> m.group(1)).toList());
        assertTrue(lines.stream().allMatch(l -> l.startsWith("#") || l.contains("=")), lines.toString());
        try (var files = Files.list(record.getParent())) {
            assertEquals(List.of(record), files.toList(), "no temporary file left beside the record");
        }
    }

    @Test
    void probeRunsInAJvmOfItsOwnWithOnePyTorchThread() {
        List<String> command = CheckOneDnn.probeCommand(Path.of("/jdk"), "a.jar:b.jar");
        assertEquals("/jdk/bin/java", command.get(0));
        assertTrue(command.contains("-Dai.djl.pytorch.num_threads=1"), command.toString());
        assertEquals(List.of("-cp", "a.jar:b.jar", ConvolutionProbe.class.getName()), command.subList(command.size() - 3, command.size()));
    }

    @Test
    void nnpackWarningsAreDroppedAndNothingElse() {
        assertTrue(CheckOneDnn.isNoise("[W1207 10:34:34.875730863 NNPACK.cpp:57] Could not initialize NNPACK! Reason: Unsupported hardware."));
        assertFalse(CheckOneDnn.isNoise("  float32 convolutions are wrong here with oneDNN's default instruction set, 8 results of 24:"));
    }

    @Test
    void casesCoverTheWidthsThatWereWrong() {
        // channel counts that are no multiple of 8 (AVX2's width) among inputs and outputs, and one layer that is
        assertTrue(ConvolutionProbe.CASES.stream().anyMatch(c -> c.in() % 8 != 0 && c.in() > 8));
        assertTrue(ConvolutionProbe.CASES.stream().anyMatch(c -> c.out() == 1));
        assertTrue(ConvolutionProbe.CASES.stream().anyMatch(c -> c.in() % 16 == 0 && c.out() % 16 == 0));
    }
}
