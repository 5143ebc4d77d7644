import {Box, Text} from 'ink';
import {tokenUrlFor} from '../oauth/uaa-url.js';
import {describeCertificate} from '../service-key/certificate-info.js';
import type {ServiceKey} from '../service-key/parse-service-key.js';
import {formatLocalDateTime} from '../presentation/time.js';
import {FieldRow} from './field-row.js';

const shapeNames: Record<ServiceKey['shape'], string> = {
	plain: 'a service key',
	'cf-service-key': 'cf service-key output',
	credentials: 'a {"credentials": …} object',
	'vcap-services': 'a VCAP_SERVICES entry',
	'top-level-uaa': 'a key of the XSUAA service itself',
};

function expiryWords(daysLeft: number): string {
	if (daysLeft < 1) {
		return 'expires within a day';
	}

	return daysLeft === 1 ? 'in 1 day' : `in ${daysLeft} days`;
}

/** What a service key holds, with its secret and private key masked, before any request is made. */
export function ConfirmKey({serviceKey, now = Date.now}: {readonly serviceKey: ServiceKey; readonly now?: () => number}) {
	const {credentials} = serviceKey;
	const certificate = credentials.kind === 'x509' ? describeCertificate(credentials.certificate, now()) : undefined;
	return (
		<Box flexDirection="column">
			<Text color="green" bold wrap="wrap">
				✓ Read {shapeNames[serviceKey.shape]}
				{credentials.kind === 'x509' ? ' with an X.509 certificate' : ''}
			</Text>
			<Box marginTop={1} flexDirection="column">
				<FieldRow label="url">{credentials.url}</FieldRow>
				{credentials.kind === 'x509' ? <FieldRow label="certurl">{credentials.certUrl}</FieldRow> : null}
				<FieldRow label="clientid">{credentials.clientId}</FieldRow>
				{credentials.kind === 'secret' ? (
					<FieldRow label="clientsecret">{`${'*'.repeat(8)} (${credentials.clientSecret.length} characters, hidden)`}</FieldRow>
				) : (
					<>
						<FieldRow label="certificate">{certificate ? certificate.subject : 'present, but not readable as X.509'}</FieldRow>
						{certificate ? (
							<FieldRow label="valid until">
								<Text color={certificate.isExpiringSoon ? (certificate.isExpired ? 'red' : 'yellow') : undefined} wrap="wrap">
									{formatLocalDateTime(certificate.validTo)}
									{certificate.isExpired ? ' (expired: create a new service key)' : certificate.isExpiringSoon ? ` (${expiryWords(certificate.daysLeft)}: create a new key soon)` : ''}
								</Text>
							</FieldRow>
						) : null}
						<FieldRow label="key">private key, hidden</FieldRow>
					</>
				)}
				{serviceKey.serviceUrl ? <FieldRow label="service url">{`${serviceKey.serviceUrl} (the service's API, kept for later)`}</FieldRow> : null}
				{serviceKey.identityZone ? <FieldRow label="subaccount">{serviceKey.identityZone}</FieldRow> : null}
				<FieldRow label="token URL">{tokenUrlFor(credentials.kind === 'x509' ? credentials.certUrl : credentials.url)}</FieldRow>
			</Box>
		</Box>
	);
}
