// What a user needs to know about an X.509 key's client certificate: whose it is and how long it lasts.

import {X509Certificate} from 'node:crypto';

export type CertificateInfo = {
	subject: string;
	/** Epoch milliseconds. */
	validTo: number;
	daysLeft: number;
	/** SAP-generated certificates last days, so a week's notice is the useful warning. */
	isExpiringSoon: boolean;
	isExpired: boolean;
};

const warningDays = 7;
const dayMs = 24 * 3600 * 1000;

/** Reads the first certificate of a PEM chain; undefined when it cannot be read. */
export function describeCertificate(pem: string, now = Date.now()): CertificateInfo | undefined {
	try {
		const certificate = new X509Certificate(pem);
		const validTo = Date.parse(certificate.validTo);
		const daysLeft = Math.floor((validTo - now) / dayMs);
		return {
			subject: certificate.subject.replaceAll('\n', ', '),
			validTo,
			daysLeft,
			isExpiringSoon: validTo - now < warningDays * dayMs,
			isExpired: validTo <= now,
		};
	} catch {
		return undefined;
	}
}
