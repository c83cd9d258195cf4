package io.eventqueue.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The PolicyRules of a Role or ClusterRole, answering what RBAC would allow. */
final class RbacRules {
    private record Rule(List<String> apiGroups, List<String> resources, List<String> verbs, List<String> resourceNames) {
        boolean allows(ApiCall call) {
            return matches(apiGroups, call.group()) && matches(resources, call.resource()) && matches(verbs, call.verb())
                    && (resourceNames.isEmpty() || resourceNames.contains(call.name()));
        }

        private static boolean matches(List<String> granted, String wanted) {
            return granted.contains("*") || granted.contains(wanted);
        }
    }

    private final List<Rule> rules;

    private RbacRules(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules of a rendered Role or ClusterRole document. */
    static RbacRules of(JsonNode role) {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode rule : role.path("rules")) {
            rules.add(new Rule(strings(rule.path("apiGroups")), strings(rule.path("resources")),
                    strings(rule.path("verbs")), strings(rule.path("resourceNames"))));
        }
        return new RbacRules(rules);
    }

    boolean allows(ApiCall call) {
        return rules.stream().anyMatch(rule -> rule.allows(call));
    }

    /** Every call in the list that these rules deny. */
    List<ApiCall> denied(Collection<ApiCall> calls) {
        return calls.stream().filter(call -> !allows(call)).distinct().toList();
    }

    /** Every granted "verb resource.group" that no call in the list uses, wildcards included as written. */
    Set<String> unused(Collection<ApiCall> calls) {
        Set<String> unused = new TreeSet<>();
        for (Rule rule : rules) {
            for (String group : rule.apiGroups()) {
                for (String resource : rule.resources()) {
                    for (String verb : rule.verbs()) {
                        ApiCall grant = new ApiCall(verb, group, resource, "");
                        boolean used = calls.stream().anyMatch(call -> call.verb().equals(verb)
                                && call.group().equals(group) && call.resource().equals(resource));
                        if (!used) {
                            unused.add(grant.toString());
                        }
                    }
                }
            }
        }
        return unused;
    }

    /** True when some rule uses a wildcard, which no least-privilege role needs. */
    boolean hasWildcard() {
        return rules.stream().anyMatch(rule -> rule.apiGroups().contains("*") || rule.resources().contains("*")
                || rule.verbs().contains("*"));
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
