package io.hookline.jmx;

/**
 * One installed (or failed) app as a JMX client reads it. Null-free: text the record leaves out
 * is "".
 */
public final class AppData {

    private String app = "";
    private String version = "";
    private String status = "";
    private String failureReason = "";
    private String sourceType = "";
    private String source = "";
    private String resolvedFrom = "";
    private String sha256 = "";
    private String signer = "";
    private String[] bundles = new String[0];
    private String requestedBy = "";
    private long installedAt;
    private long updatedAt;

    /** An empty instance; the MXBean mapping reconstructs one through the setters. */
    public AppData() {
    }

    /** @return the app name */
    public String getApp() {
        return app;
    }

    /** @param app the app name */
    public void setApp(String app) {
        this.app = app == null ? "" : app;
    }

    /** @return its semantic version */
    public String getVersion() {
        return version;
    }

    /** @param version its semantic version */
    public void setVersion(String version) {
        this.version = version == null ? "" : version;
    }

    /** @return {@code INSTALLED} or {@code FAILED} */
    public String getStatus() {
        return status;
    }

    /** @param status {@code INSTALLED} or {@code FAILED} */
    public void setStatus(String status) {
        this.status = status == null ? "" : status;
    }

    /** @return why it failed ({@code REASON: message}), "" if it did not */
    public String getFailureReason() {
        return failureReason;
    }

    /** @param failureReason why it failed ({@code REASON: message}), "" if it did not */
    public void setFailureReason(String failureReason) {
        this.failureReason = failureReason == null ? "" : failureReason;
    }

    /** @return {@code path}, {@code url}, {@code github_tag}, {@code github_latest_release} or {@code maven} */
    public String getSourceType() {
        return sourceType;
    }

    /** @param sourceType {@code path}, {@code url}, {@code github_tag}, {@code github_latest_release} or {@code maven} */
    public void setSourceType(String sourceType) {
        this.sourceType = sourceType == null ? "" : sourceType;
    }

    /** @return the source as requested */
    public String getSource() {
        return source;
    }

    /** @param source the source as requested */
    public void setSource(String source) {
        this.source = source == null ? "" : source;
    }

    /** @return where the artifact was finally fetched from */
    public String getResolvedFrom() {
        return resolvedFrom;
    }

    /** @param resolvedFrom where the artifact was finally fetched from */
    public void setResolvedFrom(String resolvedFrom) {
        this.resolvedFrom = resolvedFrom == null ? "" : resolvedFrom;
    }

    /** @return the sha256 of the fetched file, lower-case hex */
    public String getSha256() {
        return sha256;
    }

    /** @param sha256 the sha256 of the fetched file, lower-case hex */
    public void setSha256(String sha256) {
        this.sha256 = sha256 == null ? "" : sha256;
    }

    /** @return who signed its bundles, "" if unsigned */
    public String getSigner() {
        return signer;
    }

    /** @param signer who signed its bundles, "" if unsigned */
    public void setSigner(String signer) {
        this.signer = signer == null ? "" : signer;
    }

    /** @return its bundles in install order, each {@code <symbolic name> <version>} */
    public String[] getBundles() {
        return bundles.clone();
    }

    /** @param bundles its bundles in install order, each {@code <symbolic name> <version>} */
    public void setBundles(String[] bundles) {
        this.bundles = bundles == null ? new String[0] : bundles.clone();
    }

    /** @return who asked for the install */
    public String getRequestedBy() {
        return requestedBy;
    }

    /** @param requestedBy who asked for the install */
    public void setRequestedBy(String requestedBy) {
        this.requestedBy = requestedBy == null ? "" : requestedBy;
    }

    /** @return epoch millis of its first install */
    public long getInstalledAt() {
        return installedAt;
    }

    /** @param installedAt epoch millis of its first install */
    public void setInstalledAt(long installedAt) {
        this.installedAt = installedAt;
    }

    /** @return epoch millis of its last install, upgrade or replay */
    public long getUpdatedAt() {
        return updatedAt;
    }

    /** @param updatedAt epoch millis of its last install, upgrade or replay */
    public void setUpdatedAt(long updatedAt) {
        this.updatedAt = updatedAt;
    }
}
