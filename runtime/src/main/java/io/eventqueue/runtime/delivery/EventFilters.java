package io.eventqueue.runtime.delivery;

import io.cloudevents.sql.EvaluationException;
import io.cloudevents.sql.Expression;
import io.cloudevents.sql.ParseException;
import io.cloudevents.sql.Parser;
import io.cloudevents.sql.Result;
import io.eventqueue.runtime.config.ConfigException;
import io.eventqueue.runtime.config.FilterSpec;
import io.eventqueue.runtime.event.Event;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns a subscription's filters into one predicate, compiled once at start-up (a CloudEvents SQL expression that does
 * not parse fails start-up naming its key). Every filter must match; no filter matches every event.
 *
 * <p>Evaluation cost is bounded by the configuration's bounds (filters per subscription, nesting depth, expression
 * length): CloudEvents SQL has no loops, so an expression costs time linear in its length and the attributes' sizes.
 */
public final class EventFilters {
    /** LIKE patterns become regular expressions; past this many wildcards one could backtrack for long. */
    static final int MAX_LIKE_WILDCARDS = 16;

    private EventFilters() {
    }

    public static Predicate<Event> compile(List<FilterSpec> filters) {
        Predicate<Event> all = Subscription.everyEvent();
        for (FilterSpec f : filters) {
            all = all.and(compile(f));
        }
        return all;
    }

    static Predicate<Event> compile(FilterSpec filter) {
        return switch (filter) {
            case FilterSpec.Match m -> match(m.kind(), m.attributes());
            case FilterSpec.All a -> compile(a.filters());
            case FilterSpec.Any a -> {
                List<Predicate<Event>> any = a.filters().stream().map(EventFilters::compile).toList();
                yield event -> any.stream().anyMatch(p -> p.test(event));
            }
            case FilterSpec.Not n -> compile(n.filter()).negate();
            case FilterSpec.Sql s -> sql(s);
        };
    }

    private static Predicate<Event> match(FilterSpec.Kind kind, Map<String, String> attributes) {
        List<Map.Entry<String, String>> wanted = List.copyOf(attributes.entrySet());
        return event -> {
            for (Map.Entry<String, String> w : wanted) {
                Optional<String> value = EventAttributes.get(event, w.getKey());
                if (value.isEmpty() || !matches(kind, value.get(), w.getValue())) {
                    return false;
                }
            }
            return true;
        };
    }

    private static boolean matches(FilterSpec.Kind kind, String value, String wanted) {
        return switch (kind) {
            case EXACT -> value.equals(wanted);
            case PREFIX -> value.startsWith(wanted);
            case SUFFIX -> value.endsWith(wanted);
        };
    }

    private static Predicate<Event> sql(FilterSpec.Sql spec) {
        long wildcards = spec.expression().chars().filter(c -> c == '%').count();
        if (wildcards > MAX_LIKE_WILDCARDS) {
            throw new ConfigException(spec.at(), "has " + wildcards + " LIKE wildcards (%); the limit is "
                    + MAX_LIKE_WILDCARDS);
        }
        Expression expression;
        try {
            expression = Parser.parseDefault(spec.expression());
        } catch (ParseException e) {
            throw new ConfigException(spec.at(), "is not valid CloudEvents SQL: " + oneLine(e.getMessage()));
        } catch (RuntimeException e) {
            // cloudevents-sql 4.0.1 throws a NullPointerException for some syntax errors (an incomplete expression).
            throw new ConfigException(spec.at(), "is not valid CloudEvents SQL: it does not parse");
        }
        return event -> {
            Result result = expression.evaluate(EventAttributes.context(event));
            if (result.isFailed()) {
                // A missing attribute is an evaluation error in CloudEvents SQL: the event does not match.
                EvaluationException first = result.causes().iterator().next();
                if (first.getKind() != EvaluationException.ErrorKind.MISSING_ATTRIBUTE) {
                    throw new FilterFailedException(spec.at() + ": " + oneLine(first.getMessage()));
                }
                return false;
            }
            return Boolean.TRUE.equals(result.value());
        };
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    /** A filter could not be evaluated for an event: that subscription does not receive it. */
    static final class FilterFailedException extends RuntimeException {
        FilterFailedException(String message) {
            super(message, null, false, false);
        }
    }
}
