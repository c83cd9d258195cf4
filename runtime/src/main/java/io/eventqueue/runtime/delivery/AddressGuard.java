package io.eventqueue.runtime.delivery;

import io.eventqueue.runtime.config.ConfigException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which addresses a subscriber URL may reach, checked on the addresses its host resolves to, before every request and
 * every redirect. Link-local and cloud-metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254) are refused
 * unless {@code delivery.allowed-networks} lists them; for a tenant's subscription loopback, the wildcard address and
 * this pod's own addresses at its own ports are refused too.
 *
 * <p>The HTTP client resolves the name again when it connects; a name whose answer changes between the two lookups
 * (DNS rebinding) is the gap left, narrowed by checking on every attempt.
 */
public final class AddressGuard {
    private static final Cidr METADATA_V6 = Cidr.parse("fd00:ec2::254/128");

    private final List<Cidr> allowed;
    private final Set<Integer> ownPorts;

    /** @param ownPorts the runtime's own listening ports, refused on this pod's addresses for tenants */
    public AddressGuard(List<String> allowedNetworks, Set<Integer> ownPorts) {
        List<Cidr> parsed = new ArrayList<>();
        for (String n : allowedNetworks) {
            try {
                parsed.add(Cidr.parse(n));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("delivery.allowed-networks", e.getMessage());
            }
        }
        this.allowed = List.copyOf(parsed);
        this.ownPorts = Set.copyOf(ownPorts);
    }

    /** Why {@code url} must not be called, or empty when it may. Resolves its host. */
    public Optional<String> refusal(URI url, boolean tenant) {
        String host = url.getHost();
        if (host == null) {
            return Optional.of("no host in " + url);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            return Optional.of("cannot resolve " + host);
        }
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        for (InetAddress a : addresses) {
            Optional<String> why = refusal(a, port, tenant);
            if (why.isPresent()) {
                return Optional.of(host + " resolves to " + a.getHostAddress() + ", " + why.get());
            }
        }
        return Optional.empty();
    }

    private Optional<String> refusal(InetAddress a, int port, boolean tenant) {
        if (allowed.stream().anyMatch(c -> c.contains(a))) {
            return Optional.empty();
        }
        if (a.isLinkLocalAddress() || METADATA_V6.contains(a)) {
            return Optional.of("a link-local or cloud-metadata address (allow it with delivery.allowed-networks)");
        }
        if (tenant && (a.isLoopbackAddress() || a.isAnyLocalAddress())) {
            return Optional.of("a loopback address, refused for a tenant's subscription");
        }
        if (tenant && ownPorts.contains(port) && isLocal(a)) {
            return Optional.of("this pod's own port " + port + ", refused for a tenant's subscription");
        }
        return Optional.empty();
    }

    private static boolean isLocal(InetAddress a) {
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    /** An address block: {@code 10.0.0.0/8}, {@code fd00::/8}, or one address. */
    record Cidr(byte[] network, int prefix) {
        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String addr = slash < 0 ? text : text.substring(0, slash);
            if (!addr.matches("[0-9a-fA-F:.]+")) {
                throw new IllegalArgumentException("'" + text + "' is not an address or CIDR block");
            }
            byte[] bytes;
            try {
                bytes = InetAddress.getByName(addr).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + text + "' is not an address or CIDR block");
            }
            int prefix;
            try {
                prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' has no valid prefix length");
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("'" + text + "' has a prefix longer than its address");
            }
            return new Cidr(bytes, prefix);
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (a instanceof Inet6Address && network.length == 4 || a instanceof Inet4Address && network.length == 16) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((b[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
