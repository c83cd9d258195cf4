package io.eventqueue.operator.render;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a Kubernetes quantity the way the API server stores it ("0.5" → "500m", "1024Mi" → "1Gi"). Desired objects
 * must hold the stored form, or every reconcile would see a difference and write.
 */
public final class Quantities {
    private static final Pattern QUANTITY = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");
    private static final List<String> BINARY = List.of("Ei", "Pi", "Ti", "Gi", "Mi", "Ki");
    private static final List<String> DECIMAL = List.of("E", "P", "T", "G", "M", "k", "", "m");

    private Quantities() {
    }

    public static String canonical(String text) {
        Matcher m = QUANTITY.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a quantity: " + text);
        }
        String suffix = m.group(2) == null ? "" : m.group(2);
        BigDecimal value = new BigDecimal(m.group(1)).multiply(multiplier(suffix));
        if (suffix.endsWith("i") && isInteger(value)) {
            BigInteger bytes = value.toBigIntegerExact();
            for (String s : BINARY) {
                BigInteger unit = multiplier(s).toBigIntegerExact();
                if (bytes.signum() > 0 && bytes.mod(unit).signum() == 0) {
                    return bytes.divide(unit) + s;
                }
            }
            return bytes.toString();
        }
        BigDecimal milli = value.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING);
        value = milli.divide(BigDecimal.valueOf(1000));
        for (String s : DECIMAL) {
            BigDecimal mantissa = value.divide(multiplier(s));
            if (isInteger(mantissa) && (mantissa.signum() > 0 || s.isEmpty())) {
                return mantissa.toBigIntegerExact() + s;
            }
        }
        return milli.toBigInteger() + "m";
    }

    private static boolean isInteger(BigDecimal v) {
        return v.signum() == 0 || v.stripTrailingZeros().scale() <= 0;
    }

    private static BigDecimal multiplier(String suffix) {
        return switch (suffix) {
            case "m" -> new BigDecimal("0.001");
            case "" -> BigDecimal.ONE;
            case "k" -> BigDecimal.TEN.pow(3);
            case "M" -> BigDecimal.TEN.pow(6);
            case "G" -> BigDecimal.TEN.pow(9);
            case "T" -> BigDecimal.TEN.pow(12);
            case "P" -> BigDecimal.TEN.pow(15);
            case "E" -> BigDecimal.TEN.pow(18);
            case "Ki" -> BigDecimal.valueOf(2).pow(10);
            case "Mi" -> BigDecimal.valueOf(2).pow(20);
            case "Gi" -> BigDecimal.valueOf(2).pow(30);
            case "Ti" -> BigDecimal.valueOf(2).pow(40);
            case "Pi" -> BigDecimal.valueOf(2).pow(50);
            case "Ei" -> BigDecimal.valueOf(2).pow(60);
            default -> throw new IllegalArgumentException("unknown quantity suffix: " + suffix);
        };
    }
}
