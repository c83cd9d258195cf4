package io.eventqueue.operator.api;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.List;

/**
 * The Kubernetes CEL quantity library ({@code quantity()}, {@code isQuantity()}, {@code compareTo},
 * {@code isGreaterThan}, {@code isLessThan}, {@code asInteger}) for cel-java, which lacks it, so the CRD's rules
 * can be evaluated offline as the API server evaluates them. Values are compared by their exact amount (fabric8's
 * {@link Quantity}), as the API server's {@code resource.Quantity} does; the real-control-plane tests run the
 * same rules against the real library.
 */
final class KubernetesQuantityLibrary {
    static final OpaqueType QUANTITY = OpaqueType.create("kubernetes.Quantity");

    /** An exact amount, the value behind a parsed quantity. */
    record Amount(BigDecimal value) {
    }

    private KubernetesQuantityLibrary() {
    }

    static List<CelFunctionDecl> declarations() {
        return List.of(
                CelFunctionDecl.newFunctionDeclaration("quantity",
                        CelOverloadDecl.newGlobalOverload("quantity_string", QUANTITY, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("isQuantity",
                        CelOverloadDecl.newGlobalOverload("is_quantity_string", SimpleType.BOOL, SimpleType.STRING)),
                CelFunctionDecl.newFunctionDeclaration("compareTo",
                        CelOverloadDecl.newMemberOverload("quantity_compareTo_quantity", SimpleType.INT, QUANTITY, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("isGreaterThan",
                        CelOverloadDecl.newMemberOverload("quantity_isGreaterThan_quantity", SimpleType.BOOL, QUANTITY, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("isLessThan",
                        CelOverloadDecl.newMemberOverload("quantity_isLessThan_quantity", SimpleType.BOOL, QUANTITY, QUANTITY)),
                CelFunctionDecl.newFunctionDeclaration("asInteger",
                        CelOverloadDecl.newMemberOverload("quantity_asInteger", SimpleType.INT, QUANTITY)));
    }

    static List<CelFunctionBinding> bindings() {
        return List.of(
                CelFunctionBinding.from("quantity_string", String.class, KubernetesQuantityLibrary::parse),
                CelFunctionBinding.from("is_quantity_string", String.class, KubernetesQuantityLibrary::isQuantity),
                CelFunctionBinding.from("quantity_compareTo_quantity", Amount.class, Amount.class,
                        (a, b) -> (long) a.value().compareTo(b.value())),
                CelFunctionBinding.from("quantity_isGreaterThan_quantity", Amount.class, Amount.class,
                        (a, b) -> a.value().compareTo(b.value()) > 0),
                CelFunctionBinding.from("quantity_isLessThan_quantity", Amount.class, Amount.class,
                        (a, b) -> a.value().compareTo(b.value()) < 0),
                CelFunctionBinding.from("quantity_asInteger", Amount.class, a -> a.value().longValueExact()));
    }

    private static Amount parse(String text) throws CelEvaluationException {
        if (!isQuantity(text)) {
            throw new CelEvaluationException("quantity: invalid quantity '" + text + "'");
        }
        return new Amount(Quantity.parse(text).getNumericalAmount());
    }

    /** Kubernetes' quantity grammar: a signed decimal, then a binary or decimal SI suffix or an exponent. */
    private static boolean isQuantity(String text) {
        return text.matches("[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");
    }
}
