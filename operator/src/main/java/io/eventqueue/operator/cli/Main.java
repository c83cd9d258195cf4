package io.eventqueue.operator.cli;

import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar eventqueue-operator.jar [--key=value…]} runs the operator; {@code … render -f cr.yaml} prints the
 * manifests of an EventQueue. A usage error exits 2 with one line on stderr.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        List<String> arguments = Arrays.asList(args);
        try {
            if (!arguments.isEmpty() && arguments.get(0).equals("render")) {
                RenderCommand.run(arguments.subList(1, arguments.size()), System.in, System.out);
                return;
            }
            List<String> options = !arguments.isEmpty() && arguments.get(0).equals("run")
                    ? arguments.subList(1, arguments.size()) : arguments;
            Logging.installJson(OperatorOptions.logLevel(options, System.getenv()));
            OperatorCommand.run(options, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }
}
