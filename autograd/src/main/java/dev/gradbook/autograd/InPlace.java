package dev.gradbook.autograd;

import dev.gradbook.autograd.spi.Storage;
import dev.gradbook.autograd.spi.UpdateRule;
import dev.gradbook.autograd.spi.View;

import java.util.Arrays;

/**
 * Everything a write into a tensor's own storage must check before the backend is called: the
 * plumbing behind {@link Tensor#assign}, the {@code ...InPlace} methods and
 * {@link Tensor#applyUpdate}, kept out of {@code Tensor} so that its operations read as forward
 * and backward only.
 *
 * <p>Why in-place writes need care at all: they are not recorded in the graph, so they are refused
 * where a gradient could flow; an element must have a storage position of its own, so broadcast
 * views are refused as targets; and an operand that overlaps the target in any way but exactly
 * could be overwritten before it is read, so it is read from a copy.
 */
final class InPlace {
    private InPlace() {
    }

    /**
     * Checks that {@code target} may be overwritten with {@code op(target, other)} and returns
     * {@code other}'s view stretched to the target's shape, from a copy if it overlaps the target
     * any other way than exactly.
     */
    static View operand(String opName, Tensor target, Tensor other) {
        requireWritable(opName, target);
        target.checkSameBackendAndDtype(opName, other);
        int[] shape = target.view().shape();
        int[] common = Tensor.broadcastShape(opName, shape, other.view().shape());
        if (!Arrays.equals(common, shape)) {
            throw new IllegalArgumentException(opName + ": operand of shape " + View.str(other.view().shape())
                    + " does not broadcast to this tensor's shape " + View.str(shape)
                    + "; an in-place result must keep the shape of the tensor it overwrites");
        }
        View source = other.view().expand(shape);
        if (source.storage() == target.view().storage() && !sameElements(source, target.view())) {
            // other overlaps the target in some other way (x.addInPlace(x.t()), say): element i
            // could be overwritten before it is read as operand j, so read from a copy.
            source = other.copy().view().expand(shape);
        }
        return source;
    }

    /** Not recorded, and one storage position per element: the checks every in-place target passes. */
    static void requireWritable(String opName, Tensor target) {
        if (target.requiresGrad() && GradMode.isEnabled()) {
            throw new IllegalStateException(opName + ": in-place change of a tensor that requires grad while"
                    + " recording would corrupt the graph; wrap the update in GradMode.noGrad() as optimizers do,"
                    + " or use the out-of-place operation");
        }
        View view = target.view();
        for (int d = 0; d < view.rank(); d++) {
            if (view.strides()[d] == 0 && view.shape()[d] > 1) {
                throw new IllegalStateException(opName + ": this tensor of shape " + View.str(view.shape())
                        + " is a broadcast view (stride 0 along dim " + d + "), so its elements share storage"
                        + " and cannot each take their own value; update a copy() instead");
            }
        }
    }

    /** The views one fused optimizer step reads and writes, checked: see {@link Tensor#applyUpdate}. */
    record Update(View grad, View[] states) {
    }

    /**
     * Checks the operands of {@code param.applyUpdate(rule, hyper, grad, state...)}: the counts fit
     * the rule, the parameter and every state are writable, states have the parameter's shape and
     * storage of their own, and the gradient is copied if a state shares its storage (it must not
     * change under the update).
     */
    static Update update(Tensor param, UpdateRule rule, double[] hyper, Tensor grad, Tensor[] state) {
        String op = "applyUpdate(" + rule + ")";
        if (hyper.length != rule.hyperCount() || state.length != rule.stateCount()) {
            throw new IllegalArgumentException(op + ": the rule takes " + rule.hyperCount() + " hyperparameters and "
                    + rule.stateCount() + " state tensors, got " + hyper.length + " and " + state.length
                    + "; see UpdateRule." + rule + " for their order");
        }
        View paramView = param.view();
        View gradient = operand(op, param, grad);
        View[] states = new View[state.length];
        for (int i = 0; i < state.length; i++) {
            Tensor s = state[i];
            requireWritable(op, s);
            param.checkSameBackendAndDtype(op, s);
            if (!Arrays.equals(s.view().shape(), paramView.shape())) {
                throw new IllegalArgumentException(op + ": state " + i + " has shape " + View.str(s.view().shape())
                        + " but the parameter has " + View.str(paramView.shape())
                        + "; each state tensor must have the parameter's shape (make it with zerosLike())");
            }
            for (int j = -1; j < i; j++) {
                Storage other = j < 0 ? paramView.storage() : states[j].storage();
                if (s.view().storage() == other) {
                    throw new IllegalArgumentException(op + ": state " + i + " shares storage with "
                            + (j < 0 ? "the parameter" : "state " + j)
                            + "; every tensor the update writes needs storage of its own (zerosLike())");
                }
            }
            if (s.view().storage() == gradient.storage()) {
                gradient = grad.copy().view().expand(paramView.shape());
            }
            states[i] = s.view();
        }
        return new Update(gradient, states);
    }

    /** Same storage, offset, shape and strides: element for element the same positions. */
    private static boolean sameElements(View a, View b) {
        return a.storage() == b.storage() && a.offset() == b.offset() && Arrays.equals(a.strides(), b.strides())
                && Arrays.equals(a.shape(), b.shape());
    }
}
