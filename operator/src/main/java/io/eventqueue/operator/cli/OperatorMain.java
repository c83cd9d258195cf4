package io.eventqueue.operator.cli;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar eventqueue-operator.jar [--key=value…]} runs the operator; {@code … render -f cr.yaml} prints the
 * manifests of an EventQueue. A usage error exits 2 with one line on stderr.
 */
public final class OperatorMain {
    private OperatorMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        try {
            if (!arguments.isEmpty() && arguments.get(0).equals("render")) {
                render(arguments.subList(1, arguments.size()));
                return;
            }
            List<String> options = !arguments.isEmpty() && arguments.get(0).equals("run")
                    ? arguments.subList(1, arguments.size()) : arguments;
            OperatorLogging.installJson(OperatorOptions.logLevel(options, System.getenv()));
            OperatorCommand.run(options, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** Whatever goes wrong (usage, input, output directory) is one line on stderr and status 2, never a stack trace. */
    private static void render(List<String> args) {
        try {
            RenderCommand.run(args, System.in, System.out);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
        } catch (IOException | RuntimeException e) {
            fail("render: " + e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }

    private static void fail(String line) {
        System.err.println(line);
        System.exit(2);
    }
}
