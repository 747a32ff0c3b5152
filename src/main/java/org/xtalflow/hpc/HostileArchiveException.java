package org.xtalflow.hpc;

/** A downloaded archive failed the safety checks (path traversal, link, device, size or count cap); nothing was unpacked. */
public class HostileArchiveException extends HpcException {
    public HostileArchiveException(String message) {
        super(message);
    }
}
