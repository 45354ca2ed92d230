package emostream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine a benchmark ran on, as published beside the numbers.
 *
 * @param cores       processors available to the JVM
 * @param cpu         CPU model name from /proc/cpuinfo
 * @param memoryGb    physical memory
 * @param java        Java runtime version and VM
 * @param os          operating system and kernel
 */
record Machine(int cores, String cpu, double memoryGb, String java, String os) {

    static Machine current() {
        long mem = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            mem = os.getTotalMemorySize();
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), cpuModel(), mem / (1024.0 * 1024 * 1024),
                System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vm.name") + ")",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }
}
