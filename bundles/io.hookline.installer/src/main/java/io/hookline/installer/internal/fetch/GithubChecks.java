package io.hookline.installer.internal.fetch;

import static io.hookline.installer.InstallException.Reason.*;

import io.hookline.installer.InstallException;
import io.hookline.installer.InstallRequest;
import io.hookline.installer.internal.InstallerSettings;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The checks of a {@code github_tag} / {@code github_latest_release} request that run before the
 * first request: owner/repo well-formed and on {@code allowed.github.repos}, tag and asset names
 * free of path and control characters. Threading: stateless.
 */
final class GithubChecks {

    private static final Pattern OWNER_REPO = Pattern.compile("^[A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100}$");
    private static final Pattern GITHUB_TAG = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+/-]{0,127}$");
    private static final Pattern GITHUB_ASSET = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._+-]{0,199}$");

    private GithubChecks() {
    }

    /**
     * @param request a {@code github_*} request
     * @param settings the repository allowlist
     * @throws InstallException {@code INVALID_REQUEST} or {@code REPO_NOT_ALLOWED}
     */
    static void check(InstallRequest request, InstallerSettings settings) {
        String repo = request.location();
        boolean valid = OWNER_REPO.matcher(repo).matches();
        for (String part : repo.split("/", -1)) {
            valid &= !part.equals(".") && !part.equals("..");
        }
        if (!valid || repo.contains("..")) {
            throw new InstallException(INVALID_REQUEST, "GitHub repository '" + repo + "' is not owner/repo");
        }
        if (!settings.allowedGithubRepos.contains(repo.toLowerCase(Locale.ROOT))) {
            throw new InstallException(REPO_NOT_ALLOWED, "GitHub repository " + repo + " is not on the allowlist "
                    + HostPolicy.sorted(settings.allowedGithubRepos)
                    + " (property allowed.github.repos in PID io.hookline.installer)");
        }
        if (request.tag() != null && (!GITHUB_TAG.matcher(request.tag()).matches() || request.tag().contains("..")
                || request.tag().contains("//") || request.tag().endsWith("/"))) {
            throw new InstallException(INVALID_REQUEST, "GitHub tag '" + request.tag() + "' is not a tag name"
                    + " (letters, digits, . _ + - and single /, at most 128)");
        }
        if (request.asset() != null && (!GITHUB_ASSET.matcher(request.asset()).matches()
                || request.asset().contains(".."))) {
            throw new InstallException(INVALID_REQUEST, "GitHub asset name '" + request.asset() + "' is not a file"
                    + " name (letters, digits, . _ + -, at most 200)");
        }
    }
}
