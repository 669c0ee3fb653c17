import { useLiveValue } from '../bridge';
import { RegistriesIcon } from '../components';
import { ButtonLink } from '../components/ButtonLink';
import { hrefFor } from '../navigation/route';
import './NoRegistryHint.css';

/**
 * For a first launch, which lands on Pull: with no stored registry, say what a pull will use and where to add the
 * credentials of a private registry. Gone as soon as one registry exists.
 */
export function NoRegistryHint() {
  const registries = useLiveValue('registries.list', 'registries.changed');
  if (registries.value === undefined || registries.value.length > 0) return null;
  return (
    <section className="no-registry-hint" aria-labelledby="no-registry-hint-title" data-testid="no-registry-hint">
      <RegistriesIcon size={20} className="no-registry-hint__icon" />
      <div className="no-registry-hint__text">
        <p id="no-registry-hint-title" className="no-registry-hint__title">
          No registries yet
        </p>
        <p>Pulls use your Docker config’s credentials, or none. To pull from a private registry, add its address and credentials first.</p>
      </div>
      <ButtonLink href={hrefFor('registries')} size="sm" data-testid="no-registry-hint-add">
        Add a registry
      </ButtonLink>
    </section>
  );
}
